package org.onboarding.mdm.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Applivery's envelopes: {@code {status:true,data}} and {@code {status:false,error:{code,message[,data]}}}. */
public final class Envelope {

    private Envelope() {
    }

    public record Success<T>(boolean status, T data) {
    }

    public record Failure(boolean status, Error error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(int code, String message, Object data) {
    }

    public static <T> Success<T> ok(T data) {
        return new Success<>(true, data);
    }

    public static Failure failure(int code, String message, Object data) {
        return new Failure(false, new Error(code, message, data));
    }
}
