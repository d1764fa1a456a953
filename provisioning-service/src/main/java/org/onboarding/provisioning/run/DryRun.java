package org.onboarding.provisioning.run;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.provisioning.batch.BatchView;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.target.MdmOnboarding;
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
@RequiredArgsConstructor
public class DryRun {

    private final ProvisioningItemRepository items;
    private final UsernameReservations reservations;
    private final ProvisioningTarget target;
    private final RunConfig config;
    private final MdmOnboarding mdm;

    Uni<Map<String, Object>> preview(BatchView batch, boolean failedOnly) {
        return items.unfinished(batch.id(), failedOnly).chain(pending -> lookups(pending)
                .chain(found -> usernames(pending, found).chain(names -> mdmPreview(batch, pending).map(windows -> {
                    List<Map<String, Object>> ordered = new ArrayList<>();
                    pending.forEach(item -> {
                        Map<String, Object> decision = decide(item, names.get(item.id().toString()),
                                found.get(item.id().toString()));
                        if (batch.targets("mdm")) {
                            decision.put("mdm", windows.get(item.id()));
                        }
                        ordered.add(decision);
                    });
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("batch_id", batch.id());
                    answer.put("dry_run", true);
                    answer.put("enqueued", pending.size());
                    answer.put("status", batch.status());
                    answer.put("items", ordered);
                    return answer;
                }))));
    }

    /**
     * What the mdm target would do per item: skip (and why), or in the organisation: the MDM user {@code new} or
     * {@code matched} (by e-mail), and whether a token will be created ({@code token: "create"}, or {@code "exists"}
     * when an earlier run made it: the idempotency key gives that one back).
     */
    private Uni<Map<java.util.UUID, Map<String, Object>>> mdmPreview(BatchView batch, List<ProvisioningItem> pending) {
        Map<java.util.UUID, Map<String, Object>> previews = new ConcurrentHashMap<>();
        if (!batch.targets("mdm") || pending.isEmpty()) {
            return Uni.createFrom().item(previews);
        }
        String reference = batch.mdmOrganization() != null ? batch.mdmOrganization() : batch.establishment();
        Uni<Optional<MdmOnboarding.Organization>> organization = reference == null
                ? Uni.createFrom().item(Optional.empty()) : mdm.organization(reference);
        return organization.onFailure().recoverWithItem(e -> null).chain(org -> {
            for (ProvisioningItem item : pending) {
                Map<String, Object> state = item.target("mdm");
                if ("SUCCEEDED".equals(state.get("status"))) {
                    previews.put(item.id(), mdmDecision("resume", state.get("mdm_user"), "exists", null));
                } else if (org == null) {
                    previews.put(item.id(), mdmDecision("unknown", null, null, "the MDM service did not answer"));
                } else if (reference == null || (batch.mdmOrganization() == null
                        && org.filter(o -> o.slug().equals(reference)).isEmpty())) {
                    previews.put(item.id(), mdmDecision("skip", null, null, reference == null
                            ? "no mdm_organization and no X-Etab" : "no MDM organisation has the slug " + reference));
                } else if (org.isEmpty()) {
                    previews.put(item.id(), mdmDecision("error", null, null, "no MDM organisation " + reference));
                } else if (!item.hasEmail()) {
                    previews.put(item.id(), mdmDecision("skip", null, null, "the person has no e-mail"));
                }
            }
            List<ProvisioningItem> toLookUp = pending.stream().filter(item -> !previews.containsKey(item.id())).toList();
            if (toLookUp.isEmpty()) {
                return Uni.createFrom().item(previews);
            }
            String orgId = org.orElseThrow().id();
            return Multi.createFrom().iterable(toLookUp)
                    .onItem().transformToUni(item -> mdm.findUser(orgId, item.email())
                            .map(user -> mdmDecision("enroll", user.isPresent() ? "matched" : "new", "create", null))
                            .onFailure().recoverWithItem(e -> mdmDecision("unknown", null, null, e.getMessage()))
                            .invoke(decision -> previews.put(item.id(), decision)))
                    .merge(config.concurrency())
                    .collect().last()
                    .map(ignored -> previews);
        });
    }

    private static Map<String, Object> mdmDecision(String action, Object user, String token, String reason) {
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("action", action);
        decision.put("mdm_user", user);
        decision.put("token", token);
        if (reason != null) {
            decision.put("reason", reason);
        }
        return decision;
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
