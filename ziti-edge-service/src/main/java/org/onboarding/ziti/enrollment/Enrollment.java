package org.onboarding.ziti.enrollment;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An outstanding enrollment: a one-time {@code token} (the JWT's jti) and the signed JWT handed to the enroller. */
@Entity
@Table(name = "enrollment")
public class Enrollment extends PanacheEntityBase {

    @Id
    public String id;

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

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
