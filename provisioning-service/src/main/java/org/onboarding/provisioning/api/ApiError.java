package org.onboarding.provisioning.api;

import lombok.Getter;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** An error FastAPI would raise as {@code HTTPException(status, detail)}: body {@code {"detail": "..."}}. */
public class ApiError extends RuntimeException {

    @Getter
    private final int status;

    public ApiError(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public static ApiError batchNotFound() {
        return new ApiError(404, "Batch not found");
    }

    public Response toResponse() {
        return Response.status(status).type("application/json").entity(Map.of("detail", getMessage())).build();
    }
}
