package org.onboarding.mdm.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.onboarding.mdm.persistence.WindowsEnterpriseOwned;

import java.time.Instant;

/** A Windows policy. The nested parts are validated records serialised as JSON text (see {@link WinPolicyJson}). */
@Entity
@Table(name = "win_policy")
public class WinPolicy extends WindowsEnterpriseOwned {

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false, columnDefinition = "text")
    public String config;

    @Column(nullable = false, columnDefinition = "text")
    public String applications;

    @Column(nullable = false, columnDefinition = "text")
    public String scripts;

    @Column(name = "admx_configs", nullable = false, columnDefinition = "text")
    public String admxConfigs;

    @Column(nullable = false, columnDefinition = "text")
    public String assets;

    @Column(name = "agent_configuration", columnDefinition = "text")
    public String agentConfiguration;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
