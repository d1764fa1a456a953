package org.onboarding.mdm.windows.soap;

import lombok.RequiredArgsConstructor;

/**
 * A failure answered as a SOAP 1.2 fault with one of MS-MDE2's subcodes. The message goes to the device (and its
 * event log), so it says what was wrong without internals.
 */
public final class SoapFault extends RuntimeException {

    /** MS-MDE2's fault subcodes; the HTTP status is ours: 400 for what the request got wrong, 500 only for us. */
    @RequiredArgsConstructor
    public enum Subcode {
        MESSAGE_FORMAT("s:messageformat", 400),
        AUTHENTICATION("s:authentication", 401),
        AUTHORIZATION("s:authorization", 403),
        CERTIFICATE_REQUEST("s:certificaterequest", 400),
        ENROLLMENT_SERVER("s:enrollmentserver", 400),
        INTERNAL_SERVICE_FAULT("s:internalservicefault", 500),
        INVALID_SECURITY("a:invalidsecurity", 401);

        public final String value;
        public final int httpStatus;
    }

    public final Subcode subcode;

    public SoapFault(Subcode subcode, String message) {
        super(message, null, false, false);
        this.subcode = subcode;
    }

    public static SoapFault messageFormat(String message) {
        return new SoapFault(Subcode.MESSAGE_FORMAT, message);
    }

    public static SoapFault authentication(String message) {
        return new SoapFault(Subcode.AUTHENTICATION, message);
    }

    public static SoapFault authorization(String message) {
        return new SoapFault(Subcode.AUTHORIZATION, message);
    }
}
