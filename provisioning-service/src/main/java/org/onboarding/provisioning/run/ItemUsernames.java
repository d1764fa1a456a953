package org.onboarding.provisioning.run;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.item.ProvisioningItemRepository;
import org.onboarding.provisioning.username.UsernameReservations;
import org.onboarding.provisioning.username.UsernameRules;

/**
 * An item's username when its chunk's preparation did not record one, and the next name of its base when the target
 * says a name is taken: each reserved and recorded on the item in one transaction, and only while the run still
 * holds the item.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ItemUsernames {

    private final ProvisioningItemRepository items;
    private final UsernameReservations reservations;
    private final Pool pool;

    /** The item's username: the one it holds, or a new reservation (with the item's account_username, one transaction). */
    Uni<String> of(ProvisioningItem item, RunHandle run) {
        if (item.accountUsername() != null) {
            return Uni.createFrom().item(item.accountUsername());
        }
        var base = UsernameRules.base(item.firstname(), item.lastname(), item.email());
        if (base.isEmpty()) {
            return Uni.createFrom().failure(new ItemProcessor.PermanentFailure("cannot derive a username: firstname and lastname "
                    + "leave nothing usable and there is no usable e-mail"));
        }
        return pool.withTransaction(tx -> reservations.reserve(tx, base.get(), item.id())
                .chain(name -> items.setUsername(tx, item.id(), run.runId, name)
                        .chain(held -> held ? Uni.createFrom().item(name)
                                : Uni.createFrom().failure(new RunHandle.ClaimLost()))));
    }

    /** {@code taken} exists in the target: the item gets the next name of its base, recorded before it is tried. */
    Uni<String> rename(ProvisioningItem item, RunHandle run, String taken) {
        var base = UsernameRules.base(item.firstname(), item.lastname(), item.email());
        if (base.isEmpty()) {
            return Uni.createFrom().failure(new ItemProcessor.PermanentFailure("the username " + taken + " is taken in the target "
                    + "and no other can be derived from firstname, lastname or e-mail"));
        }
        return pool.withTransaction(tx -> reservations.reserveAnother(tx, base.get(), item.id(), taken)
                .chain(name -> items.replaceUsername(tx, item.id(), run.runId, name)
                        .chain(held -> held ? Uni.createFrom().item(name)
                                : Uni.createFrom().failure(new RunHandle.ClaimLost()))));
    }
}
