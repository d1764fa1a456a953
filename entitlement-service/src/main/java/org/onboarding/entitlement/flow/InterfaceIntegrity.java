package org.onboarding.entitlement.flow;

import com.fasterxml.jackson.databind.JsonNode;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.ErrorResponse;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code InterfaceIntegrityValidator} in its combined mode: every {@code requires[]} of every module
 * and UI-module descriptor of the checked applications must be provided, compatibly, by a non-system
 * {@code provides[]} of the checked or the providing-only applications.
 */
public final class InterfaceIntegrity {

    private InterfaceIntegrity() {
    }

    private record Iface(String id, String version) {
    }

    public static void check(List<ApplicationDescriptor> checked, List<ApplicationDescriptor> providersOnly) {
        List<Iface> provided = new ArrayList<>();
        for (List<ApplicationDescriptor> apps : List.of(checked, providersOnly)) {
            for (ApplicationDescriptor app : apps) {
                for (JsonNode md : descriptors(app)) {
                    md.path("provides").forEach(p -> {
                        if (!"system".equals(p.path("interfaceType").asText(null))) {
                            provided.add(new Iface(p.path("id").asText(), p.path("version").asText()));
                        }
                    });
                }
            }
        }
        List<ErrorResponse.Parameter> problems = new ArrayList<>();
        for (ApplicationDescriptor app : checked) {
            Set<String> missing = new LinkedHashSet<>();
            for (JsonNode md : descriptors(app)) {
                md.path("requires").forEach(r -> {
                    String id = r.path("id").asText();
                    String version = r.path("version").asText();
                    boolean found = provided.stream().anyMatch(p -> p.id().equals(id) && ApplicationDescriptor.compatible(p.version(), version));
                    if (!found) {
                        missing.add(id + " " + version);
                    }
                });
            }
            if (!missing.isEmpty()) {
                problems.add(ApiException.param(app.id(), String.join("; ", missing)));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.requestValidation("Missing interfaces found for the applications", problems);
        }
    }

    private static List<JsonNode> descriptors(ApplicationDescriptor app) {
        List<JsonNode> all = new ArrayList<>();
        app.json().path("moduleDescriptors").forEach(all::add);
        app.json().path("uiModuleDescriptors").forEach(all::add);
        return all;
    }
}
