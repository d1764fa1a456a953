package org.onboarding.entitlement.flow;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.registry.ApplicationDescriptor;
import org.onboarding.entitlement.registry.ApplicationRegistry;
import org.onboarding.entitlement.registry.Semver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code ApplicationDescriptorTreeLoader}: loads the requested descriptors and resolves each declared dependency
 * either to a requested application (whose version must satisfy the range) or to exactly one application entitled
 * for the tenant (whose version must satisfy it too). The entitle flow runs it as a stage and
 * {@code POST /entitlements/validate} runs it before the interface check of an entitle request, so both refuse the
 * same requests with the same errors.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ApplicationDescriptorTreeLoader {

    private final ApplicationRegistry registry;
    private final EntitlementStore entitlements;

    /** The requested descriptors (registry order), once every dependency resolves. */
    public Uni<List<ApplicationDescriptor>> load(UUID tenantId, List<String> applicationIds) {
        return registry.loadAll(applicationIds).flatMap(descriptors -> {
            Map<String, ApplicationDescriptor> requested = new HashMap<>();
            descriptors.forEach(d -> requested.put(d.name(), d));
            List<String> external = new ArrayList<>();
            for (ApplicationDescriptor d : descriptors) {
                external.addAll(unresolved(d, requested).stream().map(ApplicationDescriptor.Dependency::name).toList());
            }
            if (external.isEmpty()) {
                return Uni.createFrom().item(descriptors);
            }
            return entitlements.byNames(tenantId, external.stream().distinct().toList()).map(entitled -> {
                for (ApplicationDescriptor d : descriptors) {
                    resolveToEntitled(d, unresolved(d, requested), entitled);
                }
                return descriptors;
            });
        });
    }

    /** The dependencies of {@code d} not among the requested applications; a requested one must satisfy its range. */
    private static List<ApplicationDescriptor.Dependency> unresolved(ApplicationDescriptor d,
                                                                     Map<String, ApplicationDescriptor> requested) {
        List<ApplicationDescriptor.Dependency> result = new ArrayList<>();
        for (ApplicationDescriptor.Dependency dep : d.dependencies()) {
            ApplicationDescriptor selected = requested.get(dep.name());
            if (selected == null) {
                result.add(dep);
            } else if (!Semver.satisfies(selected.version(), dep.version())) {
                throw ApiException.requestValidation("Dependency cannot be satisfied by the selected version of application",
                        List.of(ApiException.param("dependency", dep.name() + " " + dep.version()),
                                ApiException.param("application", selected.name() + " " + selected.version())));
            }
        }
        return result;
    }

    /** Each remaining dependency names exactly one entitled application, of a version within the declared range. */
    private static void resolveToEntitled(ApplicationDescriptor d, List<ApplicationDescriptor.Dependency> dependencies,
                                          List<EntitlementStore.Entitlement> entitled) {
        Map<String, List<String>> byName = new HashMap<>();
        for (EntitlementStore.Entitlement e : entitled) {
            byName.computeIfAbsent(Semver.parseId(e.applicationId()).name(), n -> new ArrayList<>()).add(e.applicationId());
        }
        TreeSet<String> notFoundOrTooMany = new TreeSet<>();
        dependencies.forEach(dep -> {
            if (byName.getOrDefault(dep.name(), List.of()).size() != 1) {
                notFoundOrTooMany.add(dep.name());
            }
        });
        if (!notFoundOrTooMany.isEmpty()) {
            throw ApiException.requestValidation(
                    "Entitled application(s) is not found or too many application(s) found by the given name(s)",
                    List.of(ApiException.param("applicationName(s)", String.join(", ", notFoundOrTooMany))));
        }
        for (ApplicationDescriptor.Dependency dep : dependencies) {
            Semver.Id installed = Semver.parseId(byName.get(dep.name()).get(0));
            if (!Semver.satisfies(installed.version(), dep.version())) {
                throw ApiException.requestValidation(
                        "Version mismatch between installed application and dependency of application with id: " + d.id(),
                        List.of(ApiException.param("installedApplication", installed.name() + " " + installed.version()),
                                ApiException.param("dependency", dep.name() + " " + dep.version())));
            }
        }
    }
}
