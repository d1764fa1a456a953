package org.onboarding.entitlement.reinstall;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.ModuleTenantClient;
import org.onboarding.entitlement.flow.StageContext;
import org.onboarding.entitlement.registry.ApplicationDescriptor;
import org.onboarding.entitlement.registry.ApplicationRegistry;
import org.onboarding.entitlement.tenant.TenantRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Re-runs the tenant install of backend modules and upserts their module-entitlement rows:
 * synchronous, no flow records, no entitlement checks. Per-module failures are collected in {@code errors}; an
 * application whose tenant or discovery cannot be loaded is logged and contributes nothing (upstream behaviour).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ReinstallService {

    private static final Logger LOG = Logger.getLogger(ReinstallService.class);

    public record ReinstallResult(List<String> entitlements, List<String> errors) {
    }

    private final ApplicationRegistry registry;
    private final TenantRegistry tenants;
    private final EntitlementStore entitlements;
    private final ModuleTenantClient moduleClient;

    public Uni<ReinstallResult> reinstallApplications(UUID tenantId, List<String> applicationIds, Map<String, String> parameters,
                                                      String token) {
        return registry.loadAll(applicationIds).flatMap(descriptors -> {
            List<String> done = new CopyOnWriteArrayList<>();
            List<String> errors = new CopyOnWriteArrayList<>();
            List<Uni<Void>> apps = new ArrayList<>();
            for (ApplicationDescriptor d : descriptors) {
                List<String> moduleIds = d.moduleDescriptors().stream().map(ApplicationDescriptor.ModuleDescriptor::id).toList();
                apps.add(tenants.get(tenantId)
                        .flatMap(tenant -> reinstall(tenant.name(), tenantId, d, moduleIds, parameters, token, done, errors))
                        .onFailure().recoverWithUni(e -> {
                            LOG.warnf("Re-installation of application %s for tenant %s skipped: %s", d.id(), tenantId, e.getMessage());
                            return Uni.createFrom().voidItem();
                        }));
            }
            return Uni.join().all(apps).andCollectFailures().replaceWith(() -> result(done, errors));
        });
    }

    public Uni<ReinstallResult> reinstallModules(UUID tenantId, String applicationId, List<String> moduleIds,
                                                 Map<String, String> parameters, String token) {
        return tenants.get(tenantId).flatMap(tenant -> registry.loadAll(List.of(applicationId)).flatMap(found -> {
            ApplicationDescriptor d = found.get(0);
            List<String> unknown = moduleIds.stream().filter(m -> d.descriptorOf(m).isEmpty()).toList();
            if (!unknown.isEmpty()) {   // upstream dereferences null here (500); a clear 400 instead (see README, Contract notes, Upstream quirks)
                throw ApiException.requestValidation("Modules are not found in application " + applicationId + ": " + unknown,
                        List.of(ApiException.param("modules", String.join(", ", unknown))));
            }
            List<String> done = new CopyOnWriteArrayList<>();
            List<String> errors = new CopyOnWriteArrayList<>();
            return reinstall(tenant.name(), tenantId, d, moduleIds, parameters, token, done, errors)
                    .replaceWith(() -> result(done, errors));
        }));
    }

    /** Discovery for the application, then every listed module in parallel; each failure becomes an error line. */
    private Uni<Void> reinstall(String tenantName, UUID tenantId, ApplicationDescriptor d, List<String> moduleIds,
                                Map<String, String> parameters, String token, List<String> done, List<String> errors) {
        return registry.discoveries(moduleIds).flatMap(found -> {
            Map<String, String> locations = new HashMap<>();
            found.forEach(f -> locations.put(f.id(), f.location()));
            List<Uni<Void>> modules = new ArrayList<>();
            for (String moduleId : moduleIds) {
                boolean tenantApi = d.descriptorOf(moduleId).flatMap(ApplicationDescriptor.ModuleDescriptor::tenantInterface).isPresent();
                String location = locations.get(moduleId);
                Uni<Void> call = location == null
                        ? Uni.createFrom().failure(ApiException.requestValidation("Module discovery information is not found: " + moduleId))
                        : !tenantApi ? Uni.createFrom().voidItem()
                        : moduleClient.postTenant(location, tenantName, token, moduleClient.installBody(moduleId, parameters), new StageContext());
                modules.add(call.chain(() -> entitlements.recordModule(tenantId, moduleId, d.id()))
                        .invoke(() -> done.add(moduleId)).replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            errors.add("Error re-installing module " + moduleId + " - " + type(e) + " " + e.getMessage() + ".");
                            return null;
                        }));
            }
            return modules.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(modules).andCollectFailures().replaceWithVoid();
        });
    }

    private static String type(Throwable e) {
        return e instanceof ApiException api ? api.type() : e.getClass().getSimpleName();
    }

    private static ReinstallResult result(List<String> done, List<String> errors) {
        return new ReinstallResult(done.stream().sorted().toList(), errors.stream().sorted().toList());
    }
}
