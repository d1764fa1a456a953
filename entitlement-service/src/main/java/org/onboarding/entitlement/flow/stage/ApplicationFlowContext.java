package org.onboarding.entitlement.flow.stage;

import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One application flow: its type (ENTITLE, REVOKE, UPGRADE), its descriptor, for an upgrade the entitled descriptor
 * it replaces, and the module locations its discovery stage found.
 */
public record ApplicationFlowContext(UUID id, String type, ApplicationDescriptor descriptor, ApplicationDescriptor previous,
                                     Map<String, String> locations) {

    public ApplicationFlowContext(UUID id, String type, ApplicationDescriptor descriptor, ApplicationDescriptor previous) {
        this(id, type, descriptor, previous, new ConcurrentHashMap<>());
    }

    /** The module's tenant API, when it declares one. */
    public Optional<ApplicationDescriptor.Interface> tenantInterface(String moduleId) {
        return descriptor.descriptorOf(moduleId).flatMap(ApplicationDescriptor.ModuleDescriptor::tenantInterface);
    }

    /** A finalizer that found its application flow already failed (sync timeout) must not record success. */
    public void requireRunning(boolean running) {
        if (!running) {
            throw new IllegalStateException("Application flow is no longer running: " + id);
        }
    }
}
