package org.onboarding.ziti.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code apiErrorEnvelope}: {@code {error:{code,message,cause?,requestId}, meta:{apiEnrollmentVersion,apiVersion}}}. */
public record ErrorEnvelope(ApiError error, Map<String, String> meta) {

    /** {@code causeMessage} and {@code args} are never set upstream and are therefore omitted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApiError(String code, String message, Object cause, String requestId) {
    }

    private static final Map<String, String> META;

    static {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("apiEnrollmentVersion", "0.0.1");
        meta.put("apiVersion", "0.0.1");
        META = Map.copyOf(meta);
    }

    public static ErrorEnvelope of(ErrorCode code, Object cause) {
        return new ErrorEnvelope(new ApiError(code.name(), code.message, cause, ZitiIds.shortId()), META);
    }

    public static Response.ResponseBuilder builder(ErrorCode code, Object cause) {
        return Response.status(code.status).type(MediaType.APPLICATION_JSON_TYPE).entity(of(code, cause));
    }

    public static Response response(ErrorCode code, Object cause) {
        return builder(code, cause).build();
    }
}
