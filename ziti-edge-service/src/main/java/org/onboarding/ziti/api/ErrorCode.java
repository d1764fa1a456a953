package org.onboarding.ziti.api;

import lombok.RequiredArgsConstructor;

/** Upstream error codes with their HTTP status and their fixed message (contract §1.6, byte-exact). */
@RequiredArgsConstructor
public enum ErrorCode {
    UNAUTHORIZED(401, "The request could not be completed. The session is not authorized or the credentials are invalid"),
    NOT_FOUND(404, "The resource requested was not found or is no longer available"),
    COULD_NOT_VALIDATE(400, "The supplied request contains an invalid document or no valid accept content were available, see cause"),
    COULD_NOT_PARSE_BODY(400, "The body of the request could not be parsed"),
    INVALID_FIELD(400, "The field contains an invalid value"),
    INVALID_FILTER(400, "The filter query supplied is invalid"),
    INVALID_PAGINATION(400, "The pagination properties provided are invalid"),
    INVALID_SORT_IDENTIFIER(400, "The sort order supplied is invalid"),
    INVALID_CONTENT_TYPE(400, "The content type supplied is not acceptable"),
    ENROLLMENT_EXISTS(409, "ENROLLMENT_EXISTS"),
    INVALID_ENROLL_METHOD(400, "The supplied enrollment method is not valid"),
    METHOD_NOT_ALLOWED(405, "The resource requested does not support this HTTP verb"),
    REQUEST_ENTITY_TOO_LARGE(413, "The request body exceeds the maximum accepted size"),
    INVALID_AUTH(401, "The authentication request failed"),
    INVALID_AUTH_METHOD(400, "The supplied authentication method is not valid"),
    ENROLLMENT_EXPIRED(400, "The window for this enrollment has expired"),
    INVALID_ENROLLMENT_TOKEN(400, "The supplied token is not valid"),
    MISSING_OR_INVALID_CSR(400, "The supplied enrollment request is missing or contains an invalid CSR"),
    COULD_NOT_PROCESS_CSR(400, "The supplied csr could not be processed"),
    NO_EDGE_ROUTERS_AVAILABLE(400, "No edge routers are assigned and online to handle the requested connection"),
    // certificate authorities and the enrollments that use them
    CA_ALREADY_VERIFIED(409, "CA has already been verified"),
    EXPECTED_PEM_CERTIFICATE(400, "expected PEM block type 'CERTIFICATE'"),
    COULD_NOT_PARSE_DER_BLOCK(400, "The certificate's DER block could not be parsed"),
    INVALID_COMMON_NAME(400, "The common name of the supplied certificate is invalid"),
    CERTIFICATE_FAILED_VALIDATION(400, "The supplied certificate failed to validate against the CA's certificate chain"),
    CERTIFICATE_IS_NOT_CA(400, "Leading certificate is not a CA"),
    CERT_FAILED_VALIDATION(400, "certificate failed to validate against CA"),
    CERT_IN_USE(409, "The certificate supplied is already associated with another identity"),
    ENROLLMENT_CA_NOT_VALID(400, "The CA tied to the supplied token is no longer valid"),
    ENROLLMENT_NO_VALID_CAS(400, "No CAs are valid for this request"),
    UNHANDLED(500, "An unhandled error occurred");

    public final int status;
    public final String message;
}
