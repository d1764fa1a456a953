package org.onboarding.mdm.windows.enrollment;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The protocol's URLs, all on {@code mdm.enrollment.public-base-url} (policy and enrollment must share a host). */
@ApplicationScoped
public class EnrollmentUrls {

    public static final String DISCOVERY = "/EnrollmentServer/Discovery.svc";
    public static final String POLICY = "/EnrollmentServer/Policy.svc";
    public static final String ENROLLMENT = "/EnrollmentServer/Enrollment.svc";
    public static final String AUTHENTICATION = "/EnrollmentServer/Authenticate";
    public static final String MANAGEMENT = "/ManagementServer/MDM.svc";

    private final String base;

    public EnrollmentUrls(@ConfigProperty(name = "mdm.enrollment.public-base-url") String publicBaseUrl) {
        this.base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    public String discovery() {
        return base + DISCOVERY;
    }

    public String policy() {
        return base + POLICY;
    }

    public String enrollment() {
        return base + ENROLLMENT;
    }

    public String authentication() {
        return base + AUTHENTICATION;
    }

    public String management() {
        return base + MANAGEMENT;
    }
}
