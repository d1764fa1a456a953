package org.onboarding.mdm.windows.ca;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An organisation's MDM certificate authority: PEM certificate and its private key sealed by {@link KeySealer}. */
@Entity
@Table(name = "win_mdm_ca")
public class WinMdmCa extends PanacheEntityBase {

    @Id
    @Column(name = "organization_id")
    public String organizationId;

    @Column(nullable = false, columnDefinition = "text")
    public String certificate;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(name = "sealed_key", nullable = false)
    public byte[] sealedKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
