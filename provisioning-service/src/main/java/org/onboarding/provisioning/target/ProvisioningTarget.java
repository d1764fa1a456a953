package org.onboarding.provisioning.target;

import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * Where accounts are provisioned. Implementations find an existing account by the person's external id (so a
 * re-run or a resumed run matches instead of duplicating), create one, and give the enrollment token for the
 * invitation. Failures are {@link TargetException}s, transient or not.
 */
public interface ProvisioningTarget {

    Uni<Optional<TargetAccount>> findByExternalId(String externalId);

    Uni<TargetAccount> create(NewAccount account);

    /** The one-time enrollment token of the account, if it has one pending. */
    Uni<Optional<String>> enrollmentToken(String accountId);

    record NewAccount(String username, String externalId, String email, String rolePrincipalCode) {
    }

    record TargetAccount(String id, String name) {
    }
}
