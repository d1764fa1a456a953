package org.onboarding.mdm.security;

import lombok.RequiredArgsConstructor;
import java.util.EnumSet;
import java.util.Set;

/** Applivery permission strings (README, Endpoints) plus our organisation/employee admin ones. */
@RequiredArgsConstructor
public enum Permission {
    ORGANIZATION_CREATE("organization.create"),
    ORGANIZATION_LIST("organization.list"),
    ORGANIZATION_GET("organization.get"),
    MDM_USER_CREATE("mdm.global.mdmUser.create"),
    MDM_USER_LIST("mdm.global.mdmUser.list"),
    MDM_USER_GET("mdm.global.mdmUser.get"),
    MDM_USER_UPDATE("mdm.global.mdmUser.update"),
    MDM_USER_REMOVE("mdm.global.mdmUser.remove"),
    TOKEN_CREATE("mdm.windows.enrollmentToken.create"),
    TOKEN_LIST("mdm.windows.enrollmentToken.list"),
    TOKEN_GET("mdm.windows.enrollmentToken.get"),
    TOKEN_UPDATE("mdm.windows.enrollmentToken.update"),
    TOKEN_REMOVE("mdm.windows.enrollmentToken.remove"),
    POLICY_CREATE("mdm.windows.policy.create"),
    POLICY_LIST("mdm.windows.policy.list"),
    POLICY_GET("mdm.windows.policy.get"),
    POLICY_UPDATE("mdm.windows.policy.update"),
    POLICY_REMOVE("mdm.windows.policy.remove"),
    DEVICE_LIST("mdm.windows.device.list"),
    DEVICE_GET("mdm.windows.device.get"),
    DEVICE_REMOVE("mdm.windows.device.remove");

    public final String value;

    /** The role of the provisioning service's account (README "Service accounts"). */
    public static final String PROVISIONING_SERVICE_ROLE = "provisioning-service";

    /**
     * admin: everything; operator: everything but remove and the organisation admin surface; viewer: list/get;
     * provisioning-service: what onboarding a person needs (read the organisation and its policies, find or create
     * the employee, create a token), nothing else.
     */
    public static Set<Permission> grantedTo(String role) {
        return switch (role) {
            case PROVISIONING_SERVICE_ROLE -> EnumSet.of(ORGANIZATION_GET, MDM_USER_CREATE, MDM_USER_LIST,
                    TOKEN_CREATE, POLICY_LIST);
            case "admin" -> EnumSet.allOf(Permission.class);
            case "operator" -> EnumSet.of(MDM_USER_CREATE, MDM_USER_LIST, MDM_USER_GET, MDM_USER_UPDATE,
                    TOKEN_CREATE, TOKEN_LIST, TOKEN_GET, TOKEN_UPDATE,
                    POLICY_CREATE, POLICY_LIST, POLICY_GET, POLICY_UPDATE, DEVICE_LIST, DEVICE_GET);
            case "viewer" -> EnumSet.of(MDM_USER_LIST, MDM_USER_GET, TOKEN_LIST, TOKEN_GET, POLICY_LIST, POLICY_GET,
                    DEVICE_LIST, DEVICE_GET);
            default -> EnumSet.noneOf(Permission.class);
        };
    }
}
