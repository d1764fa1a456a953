package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.registry.ApplicationDescriptor;
import org.onboarding.entitlement.registry.ApplicationRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Descriptor loading shared by the loader stages. */
@Singleton
@RequiredArgsConstructor
public class ApplicationDescriptors {

    private final ApplicationRegistry registry;

    public Uni<List<ApplicationDescriptor>> load(List<String> ids) {
        return registry.loadAll(ids);
    }

    /** New descriptors of an upgrade plus the entitled ones they replace (paired by name). */
    public Uni<Void> loadUpgrades(FlowContext ctx) {
        if (ctx.upgradePairs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = new ArrayList<>(ctx.upgradePairs.keySet());
        ids.addAll(ctx.upgradePairs.values());
        return registry.loadAll(ids).invoke(found -> {
            ctx.upgrades = inRequestOrder(found, new ArrayList<>(ctx.upgradePairs.keySet()));
            for (ApplicationDescriptor d : found) {
                if (ctx.upgradePairs.containsValue(d.id())) {
                    ctx.previous.put(d.id(), d);
                }
            }
        }).replaceWithVoid();
    }

    public static List<ApplicationDescriptor> inRequestOrder(List<ApplicationDescriptor> found, List<String> ids) {
        Map<String, ApplicationDescriptor> byId = new HashMap<>();
        found.forEach(d -> byId.put(d.id(), d));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }
}
