package org.onboarding.mdm.api;

import lombok.RequiredArgsConstructor;

/**
 * The Applivery error codes this API emits (README, Endpoints). Messages of the documented codes are byte-exact, typo
 * included ("for you billing plan"); the others are our own where the contract left them open.
 */
@RequiredArgsConstructor
public enum ErrorCode {
    INTERNAL(1000, 500, "Internal error"),
    ROUTE_NOT_FOUND(1002, 404, "Route not found"),
    VALIDATION(3000, 400, "Validation Error"),
    NOT_FOUND(3001, 404, "Entity not found"),
    /** Our own addition (README, Enrollment tokens and policies): a dedicated 400 for editing a token that is no longer PENDING. */
    TOKEN_NOT_PENDING(3010, 400, "Enrollment token is not PENDING"),
    NO_AUTH_TOKEN(4002, 401, "No auth token"),
    FORBIDDEN(4003, 403, "Forbidden - You are not allowed to perform this action"),
    INVALID_TOKEN(4004, 401, "Invalid Token"),
    CONFLICT(5001, 409, "Conflict"),
    LIMIT_EXCEEDED(5017, 400, "Limit Exceeded"),
    /** Applivery's answer to a second MDM user with the same e-mail. */
    MDM_USER_EXISTS(5048, 400, "Mdm user already exists"),
    /** Applivery's code for deleting an MDM user who still has enrolled devices, worded for Windows devices. */
    MDM_USER_HAS_DEVICES(5054, 400, "MdmUser Can not be deleted because has no delete winDevices"),
    /** Applivery's code for deleting an MDM user who still has pending tokens, worded for Windows tokens. */
    MDM_USER_HAS_PENDING_TOKENS(5055, 400, "MdmUser Can not be deleted because has pending winEnrollmentTokens"),
    FEATURE_NOT_ALLOWED(5050, 400, "Feature not allowed for you billing plan");

    public final int code;
    public final int httpStatus;
    public final String message;
}
