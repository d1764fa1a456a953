package org.onboarding.entitlement.flow;

import lombok.Getter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.UUID;

/**
 * Who runs flows here and for how long a flow is theirs without renewal: each instance (process) has its own id, the
 * {@code owner} of the flows it starts; it renews their lease every {@code entitlement.flow.heartbeat}, and a flow
 * not renewed for {@code entitlement.flow.lease} counts as lost with its instance.
 */
@ApplicationScoped
public class FlowLeaseConfig {

    /** This process's id, the owner of the flows it starts. */
    @Getter
    private final String instance = UUID.randomUUID().toString();
    @Getter
    private final Duration lease;
    @Getter
    private final Duration heartbeat;

    public FlowLeaseConfig(@ConfigProperty(name = "entitlement.flow.lease", defaultValue = "60s") Duration lease,
                           @ConfigProperty(name = "entitlement.flow.heartbeat", defaultValue = "10s") Duration heartbeat) {
        if (heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("entitlement.flow.heartbeat (" + heartbeat
                    + ") must be shorter than entitlement.flow.lease (" + lease + ")");
        }
        this.lease = lease;
        this.heartbeat = heartbeat;
    }
}
