package org.onboarding.entitlement.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The FOLIO error envelope (see README, Contract notes, Error envelope): {@code {errors:[{message,type,code,parameters}], total_records}}. */
public record ErrorResponse(List<Error> errors, @JsonProperty("total_records") int totalRecords) {

    public static ErrorResponse of(List<Error> errors) {
        return new ErrorResponse(errors, errors.size());
    }

    public static ErrorResponse of(String message, String type, String code, List<Parameter> parameters) {
        return of(List.of(new Error(message, type, code, parameters)));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String message, String type, String code, List<Parameter> parameters) {
    }

    public record Parameter(String key, String value) {
    }
}
