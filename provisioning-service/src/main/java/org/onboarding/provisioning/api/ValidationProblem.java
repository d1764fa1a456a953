package org.onboarding.provisioning.api;

import lombok.Getter;
import java.util.List;
import java.util.Map;

/** A request that FastAPI would have refused with 422; carries the Pydantic-style error entries. */
public class ValidationProblem extends RuntimeException {

    @Getter
    private final transient List<Map<String, Object>> errors;

    public ValidationProblem(List<Map<String, Object>> errors) {
        super("request validation failed", null, false, false);
        this.errors = List.copyOf(errors);
    }
}
