package org.onboarding.ziti.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.onboarding.ziti.persistence.BaseEntity;

/** An OpenZiti identity: the thing an enrollment enrols and a session belongs to. */
@Entity
@Table(name = "identity")
public class Identity extends BaseEntity {

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type = "Default";

    @Column(name = "is_admin", nullable = false)
    public boolean isAdmin;

    @Column(name = "external_id")
    public String externalId;

    @Column(name = "auth_policy_id", nullable = false)
    public String authPolicyId = "default";

    /** JSON object text; values are scalars. */
    @Column(nullable = false)
    public String tags = "{}";

    /** JSON array text of role attribute strings. */
    @Column(name = "role_attributes", nullable = false)
    public String roleAttributes = "[]";

    /** JSON object text; values are scalars, as tags. */
    @Column(name = "app_data", nullable = false)
    public String appData = "{}";

    @Column(name = "default_hosting_precedence", nullable = false)
    public String defaultHostingPrecedence = "default";

    @Column(name = "default_hosting_cost", nullable = false)
    public int defaultHostingCost;

    /** JSON object text: service id to precedence. */
    @Column(name = "service_hosting_precedences", nullable = false)
    public String serviceHostingPrecedences = "{}";

    /** JSON object text: service id to cost. */
    @Column(name = "service_hosting_costs", nullable = false)
    public String serviceHostingCosts = "{}";

    /** JSON array text of permission names; stored and shown, not evaluated (callers are platform users). */
    @Column(nullable = false)
    public String permissions = "[]";

    @Column(name = "is_system", nullable = false)
    public boolean isSystem;

    @Column(name = "is_default_admin", nullable = false)
    public boolean isDefaultAdmin;

    @Column(nullable = false)
    public boolean disabled;
}
