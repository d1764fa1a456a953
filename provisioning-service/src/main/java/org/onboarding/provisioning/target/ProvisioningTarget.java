package org.onboarding.provisioning.target;

import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where accounts are provisioned. Implementations find an existing account by the person's external id (so a
 * re-run or a resumed run matches instead of duplicating), create one, update a matched one with the fields the
 * provisioning owns, and give the enrollment token for the invitation. Failures are {@link TargetException}s,
 * transient or not; a create refused because the name or the external id is taken says which
 * ({@link TargetException#conflict()}).
 */
public interface ProvisioningTarget {

    Uni<Optional<TargetAccount>> findByExternalId(String externalId);

    /**
     * {@link #findByExternalId} for many people in one call (a run looks up a chunk at once): the accounts found, by
     * external id; a person missing from the map was not found.
     */
    Uni<Map<String, TargetAccount>> findByExternalIds(List<String> externalIds);

    Uni<TargetAccount> create(NewAccount account);

    /** Brings a matched account's owned fields (external id, role attributes, tags) to what the item says. */
    Uni<Void> update(TargetAccount existing, NewAccount wanted);

    /** The one-time enrollment token of the account, if it has one pending. */
    Uni<Optional<String>> enrollmentToken(String accountId);

    /**
     * {@link #enrollmentToken} for many accounts in one call (a run reads the tokens of the items in flight
     * together): the pending token of each account the call found, by account id. An account without an entry is
     * read with {@link #enrollmentToken} by its caller. Here none: a target that can read many in one call does so.
     */
    default Uni<Map<String, Optional<String>>> enrollmentTokens(List<String> accountIds) {
        return Uni.createFrom().item(Map.of());
    }

    /** What the provisioning owns in an account: the name, the external id, the role and the item's origin. */
    record NewAccount(String username, String externalId, String email, String rolePrincipalCode, String identityId,
                      String establishmentId, String domain) {

        public List<String> roleAttributes() {
            return rolePrincipalCode == null ? List.of() : List.of(rolePrincipalCode);
        }

        public Map<String, Object> tags() {
            Map<String, Object> tags = new LinkedHashMap<>();
            tags.put("identity_id", identityId);
            tags.put("establishment_id", establishmentId);
            tags.put("domain", domain);
            return tags;
        }
    }

    /** An account as the target has it; {@code roleAttributes}/{@code tags} as read (possibly empty). */
    record TargetAccount(String id, String name, List<String> roleAttributes, Map<String, Object> tags) {

        public TargetAccount(String id, String name) {
            this(id, name, List.of(), Map.of());
        }

        /** Whether the account already carries everything the item owns (then no update is needed). */
        public boolean carries(NewAccount wanted) {
            return roleAttributes.containsAll(wanted.roleAttributes())
                    && wanted.tags().entrySet().stream().allMatch(e -> java.util.Objects.equals(
                    e.getValue() == null ? null : String.valueOf(e.getValue()),
                    tags.get(e.getKey()) == null ? null : String.valueOf(tags.get(e.getKey()))));
        }

        /** The account's role attributes plus ours: attributes set by others are kept. */
        public List<String> mergedRoleAttributes(NewAccount wanted) {
            List<String> merged = new ArrayList<>(roleAttributes);
            wanted.roleAttributes().stream().filter(r -> !merged.contains(r)).forEach(merged::add);
            return merged;
        }

        /** The account's tags with ours on top: tags set by others are kept. */
        public Map<String, Object> mergedTags(NewAccount wanted) {
            Map<String, Object> merged = new LinkedHashMap<>(tags);
            merged.putAll(wanted.tags());
            return merged;
        }
    }
}
