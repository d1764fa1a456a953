package org.onboarding.provisioning.run;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.provisioning.batch.BatchView;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.item.ProvisioningItemRepository;
import org.onboarding.provisioning.target.ProvisioningTarget;
import org.onboarding.provisioning.target.ProvisioningTarget.TargetAccount;
import org.onboarding.provisioning.username.UsernameReservations;
import org.onboarding.provisioning.username.UsernameRules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
        return items.unfinished(batch.id(), failedOnly).chain(pending -> lookups(pending)
                .chain(found -> usernames(pending, found).map(names -> {
                    List<Map<String, Object>> ordered = new ArrayList<>();
                    pending.forEach(item -> ordered.add(decide(item, names.get(item.id().toString()),
                            found.get(item.id().toString()))));
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("batch_id", batch.id());
                    answer.put("dry_run", true);
                    answer.put("enqueued", pending.size());
                    answer.put("status", batch.status());
                    answer.put("items", ordered);
                    return answer;
                })));
    }

    /** The target's answer per item (looked up concurrently): an account, nothing, or the failure. */
    private Uni<Map<String, Object>> lookups(List<ProvisioningItem> pending) {
        Map<String, Object> found = new ConcurrentHashMap<>();
        List<ProvisioningItem> toLookUp = pending.stream().filter(item -> item.accountId() == null).toList();
        if (toLookUp.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return Multi.createFrom().iterable(toLookUp)
                .onItem().transformToUni(item -> target.findByExternalId(item.externalId())
                        .<Object>map(account -> account)
                        .onFailure().recoverWithItem(e -> e)
                        .invoke(answer -> found.put(item.id().toString(), answer)))
                .merge(config.concurrency())
                .collect().last()
                .map(ignored -> found);
    }

    /**
     * Proposed names of the people to create (a matched person keeps their name in the target), homonyms of the batch
     * numbered one after the other from the next free counter, as the run reserves them.
     */
    private Uni<Map<String, Optional<String>>> usernames(List<ProvisioningItem> pending, Map<String, Object> found) {
        Map<String, List<ProvisioningItem>> byBase = new LinkedHashMap<>();
        Map<String, Optional<String>> names = new HashMap<>();
        for (ProvisioningItem item : pending) {
            if (found.get(item.id().toString()) instanceof Optional<?> account && account.isPresent()) {
                names.put(item.id().toString(), Optional.of(((TargetAccount) account.get()).name()));
                continue;
            }
            if (item.accountUsername() != null) {
                names.put(item.id().toString(), Optional.of(item.accountUsername()));
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

    private static Map<String, Object> decide(ProvisioningItem item, Optional<String> username, Object lookup) {
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("item_id", item.id());
        decision.put("identity_id", item.identityId());
        decision.put("external_id", item.externalId());
        decision.put("kc_username", username.orElse(null));
        if (item.accountId() != null) {
            decision.put("action", "resume");
        } else if (lookup instanceof Throwable e) {
            decision.put("action", "unknown");
            decision.put("error", e.getMessage());
        } else if (lookup instanceof Optional<?> account && account.isPresent()) {
            decision.put("action", "update");
            decision.put("kc_user_id", ((TargetAccount) account.get()).id());
        } else if (username.isEmpty()) {
            decision.put("action", "error");
            decision.put("error", "cannot derive a username from firstname, lastname or email");
        } else {
            decision.put("action", "create");
        }
        return decision;
    }
}
