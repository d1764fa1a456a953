package org.onboarding.entitlement.registry;

import org.onboarding.entitlement.common.ApiException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry's own descriptor validation ({@code ApplicationDescriptorValidator}, standing in for mgr-applications'
 * {@code POST /applications/validate}): checks what registration does not, so a descriptor that cannot be installed
 * consistently is refused before anything of it is entitled.
 */
public final class ApplicationDescriptorChecks {

    private ApplicationDescriptorChecks() {
    }

    /** Every problem found, in a stable order; empty when the descriptor is valid. */
    public static List<String> errors(ApplicationDescriptor d) {
        List<String> errors = new ArrayList<>();
        if (!d.id().equals(d.name() + "-" + d.version())) {
            errors.add("Application id must be equal to name-version: " + d.id());
        }
        Set<String> declared = new HashSet<>();
        for (ApplicationDescriptor.ModuleRef m : d.modules()) {
            try {
                Semver.Id id = Semver.parseId(m.id());
                if ((m.name() != null && !m.name().equals(id.name())) || (m.version() != null && !m.version().equals(id.version()))) {
                    errors.add("Module id does not match its name and version: " + m.id());
                }
            } catch (ApiException e) {
                errors.add("Invalid module id: " + m.id());
            }
            if (!declared.add(m.id())) {
                errors.add("Module is declared more than once: " + m.id());
            }
        }
        d.json().path("uiModules").forEach(m -> declared.add(m.path("id").asText()));
        for (ApplicationDescriptor.ModuleDescriptor md : d.moduleDescriptors()) {
            if (!declared.contains(md.id())) {
                errors.add("Module descriptor is not declared in modules: " + md.id());
            }
        }
        for (ApplicationDescriptor.Dependency dep : d.dependencies()) {
            if (dep.name() == null || dep.name().isBlank()) {
                errors.add("Dependency name must not be blank");
            } else if (!Semver.isValidRange(dep.version())) {
                errors.add("Invalid dependency version: " + dep.name() + " " + dep.version());
            }
        }
        return errors;
    }
}
