package org.onboarding.mdm.api;

/** One bad field of a request, listed in {@code error.data} of a 3000 Validation Error. */
public record FieldError(String field, String message) {
}
