package org.onboarding.provisioning.run;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.provisioning.batch.BatchView;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.item.ProvisioningItemRepository;
import org.onboarding.provisioning.target.ProvisioningTarget;
import org.onboarding.provisioning.username.UsernameReservations;
import org.onboarding.provisioning.username.UsernameRules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code run?dry_run=true}: what a run would do — the usernames it would hand out and whether each person's
 * identity would be created or matched (updated) — reading the target but writing nothing anywhere.
 */
@ApplicationScoped
public class DryRun {

    private final ProvisioningItemRepository items;
    private final UsernameReservations reservations;
    private final ProvisioningTarget target;
    private final RunConfig config;

    public DryRun(ProvisioningItemRepository items, UsernameReservations reservations, ProvisioningTarget target,
                  RunConfig config) {
        this.items = items;
        this.reservations = reservations;
        this.target = target;
        this.config = config;
    }

    Uni<Map<String, Object>> preview(BatchView batch, boolean failedOnly) {
        return items.unfinished(batch.id(), failedOnly)
                .chain(pending -> usernames(pending).chain(names -> Multi.createFrom().iterable(pending)
                        .onItem().transformToUni(item -> decide(item, names.get(item.id().toString())))
                        .merge(config.concurrency())
                        .collect().asList()
                        .map(decisions -> {
                            // merge() completes out of order: present the items in batch order
                            Map<String, Map<String, Object>> byId = new HashMap<>();
                            decisions.forEach(d -> byId.put(d.get("item_id").toString(), d));
                            List<Map<String, Object>> ordered = new ArrayList<>();
                            pending.forEach(item -> ordered.add(byId.get(item.id().toString())));
                            Map<String, Object> answer = new LinkedHashMap<>();
                            answer.put("batch_id", batch.id());
                            answer.put("dry_run", true);
                            answer.put("enqueued", pending.size());
                            answer.put("status", batch.status());
                            answer.put("items", ordered);
                            return answer;
                        })));
    }

    /** Proposed names, homonyms of the batch numbered one after the other from the next free counter. */
    private Uni<Map<String, Optional<String>>> usernames(List<ProvisioningItem> pending) {
        Map<String, List<ProvisioningItem>> byBase = new LinkedHashMap<>();
        Map<String, Optional<String>> names = new HashMap<>();
        for (ProvisioningItem item : pending) {
            if (item.kcUsername() != null) {
                names.put(item.id().toString(), Optional.of(item.kcUsername()));
                continue;
            }
            Optional<String> base = UsernameRules.base(item.firstname(), item.lastname(), item.email());
            if (base.isEmpty()) {
                names.put(item.id().toString(), Optional.empty());
            } else {
                byBase.computeIfAbsent(base.get(), b -> new ArrayList<>()).add(item);
            }
        }
        return Multi.createFrom().iterable(byBase.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> reservations.nextCounter(entry.getKey()).invoke(next -> {
                    int n = next;
                    for (ProvisioningItem item : entry.getValue()) {
                        names.put(item.id().toString(), Optional.of(UsernameRules.withCounter(entry.getKey(), n++)));
                    }
                }))
                .collect().last()
                .map(ignored -> names);
    }

    private Uni<Map<String, Object>> decide(ProvisioningItem item, Optional<String> username) {
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("item_id", item.id());
        decision.put("identity_id", item.identityId());
        decision.put("external_id", item.externalId());
        decision.put("kc_username", username.orElse(null));
        if (username.isEmpty()) {
            decision.put("action", "error");
            decision.put("error", "cannot derive a username from firstname, lastname or email");
            return Uni.createFrom().item(decision);
        }
        if (item.kcUserId() != null) {
            decision.put("action", "resume");
            return Uni.createFrom().item(decision);
        }
        return target.findByExternalId(item.externalId())
                .map(found -> {
                    decision.put("action", found.isPresent() ? "update" : "create");
                    found.ifPresent(account -> decision.put("kc_user_id", account.id()));
                    return decision;
                })
                .onFailure().recoverWithItem(e -> {
                    decision.put("action", "unknown");
                    decision.put("error", e.getMessage());
                    return decision;
                });
    }
}
