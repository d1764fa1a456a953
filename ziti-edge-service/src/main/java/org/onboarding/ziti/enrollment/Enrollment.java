package org.onboarding.ziti.enrollment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.onboarding.ziti.persistence.BaseEntity;

import java.time.Instant;

/** An outstanding enrollment: a one-time {@code token} (the JWT's jti) and the signed JWT handed to the enroller. */
@Entity
@Table(name = "enrollment")
public class Enrollment extends BaseEntity {

    @Column(nullable = false)
    public String method;

    @Column(name = "identity_id")
    public String identityId;

    @Column(name = "edge_router_id")
    public String edgeRouterId;

    @Column(name = "transit_router_id")
    public String transitRouterId;

    @Column(name = "ca_id")
    public String caId;

    public String username;

    @Column(nullable = false)
    public String token;

    @Column(nullable = false)
    public String jwt;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "is_system", nullable = false)
    public boolean isSystem;

    @Column(nullable = false)
    public String tags = "{}";
}
