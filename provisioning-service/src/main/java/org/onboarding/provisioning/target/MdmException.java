package org.onboarding.provisioning.target;


/** A failure of the mdm target, so that the item records it on that target. */
public class MdmException extends TargetException {

    public MdmException(String message, boolean transientFailure, Throwable cause) {
        super(message, transientFailure, cause);
    }
}
