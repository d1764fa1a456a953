package org.onboarding.provisioning.run;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.onboarding.provisioning.invitation.InvitationMailer;
import org.onboarding.provisioning.item.ProvStatus;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.item.ProvisioningItemRepository;
import org.onboarding.provisioning.target.ProvisioningTarget;
import org.onboarding.provisioning.target.TargetException;
import org.onboarding.provisioning.username.UsernameReservations;
import org.onboarding.provisioning.username.UsernameRules;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The per-item pipeline: reserve username -> create or match (by external id) in the target -> KC_CREATED /
 * KC_UPDATED -> invitation mail if there is an e-mail -> INVITE_SENT -> PENDING_ACTIVATION. Each step starts from
 * what the item already recorded, so a retried or resumed item continues where it stopped, and the target lookup
 * by external id makes an identity created just before a crash a match, not a duplicate.
 */
@ApplicationScoped
public class ItemProcessor {

    private static final Logger LOG = Logger.getLogger(ItemProcessor.class);

    private final ProvisioningItemRepository items;
    private final UsernameReservations reservations;
    private final ProvisioningTarget target;
    private final InvitationMailer mailer;
    private final Pool pool;
    private final RunConfig config;

    public ItemProcessor(ProvisioningItemRepository items, UsernameReservations reservations,
                         ProvisioningTarget target, InvitationMailer mailer, Pool pool, RunConfig config) {
        this.items = items;
        this.reservations = reservations;
        this.target = target;
        this.mailer = mailer;
        this.pool = pool;
        this.config = config;
    }

    /**
     * Gives the chunk's new items their usernames one after another in batch order, in one transaction, before the
     * items are worked on concurrently: homonyms then get {@code 001}, {@code 002}... in the order of the batch (what
     * the dry run predicted), not in the order the workers happen to reach them. An item left without a name here
     * (no usable base, or this transaction failed) is handled by its own pipeline, which records the error.
     */
    Uni<Void> reserveUsernamesInOrder(List<ProvisioningItem> chunk, RunHandle run) {
        List<ProvisioningItem> pending = chunk.stream()
                .filter(item -> item.kcUsername() == null)
                .filter(item -> UsernameRules.base(item.firstname(), item.lastname(), item.email()).isPresent())
                .sorted(BATCH_ORDER)
                .toList();
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(tx -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (ProvisioningItem item : pending) {
                        String base = UsernameRules.base(item.firstname(), item.lastname(), item.email()).orElseThrow();
                        chain = chain.chain(() -> reservations.reserve(tx, base, item.id()))
                                .chain(name -> items.setUsername(tx, item.id(), run.runId, name))
                                .replaceWithVoid();
                    }
                    return chain;
                })
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf(e, "reserving the usernames of a chunk of run %s failed; items reserve their own", run.runId);
                    return Uni.createFrom().voidItem();
                });
    }

    /** The order items were given in: {@code created_at}, then id as PostgreSQL orders uuids (bytewise). */
    static final Comparator<ProvisioningItem> BATCH_ORDER = Comparator.comparing(ProvisioningItem::createdAt)
            .thenComparing(item -> item.id().toString());

    Uni<Void> process(ProvisioningItem claimed, RunHandle run) {
        return attempt(claimed.id(), run, 1);
    }

    private Uni<Void> attempt(UUID id, RunHandle run, int attempt) {
        return Uni.createFrom().voidItem()
                .invoke(run::checkpoint)
                .chain(() -> items.recordAttempt(id, run.runId))
                .chain(item -> item != null ? Uni.createFrom().item(item)
                        : Uni.createFrom().<ProvisioningItem>failure(new RunHandle.ClaimLost()))
                .chain(item -> pipeline(item, run))
                .onFailure().recoverWithUni(e -> {
                    if (run.halted() || e instanceof RunHandle.ClaimLost) {
                        return Uni.createFrom().voidItem(); // leave the item to whoever holds it next
                    }
                    boolean retryable = isTransient(e);
                    if (retryable && attempt < config.maxAttempts()) {
                        return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt))
                                .chain(() -> attempt(id, run, attempt + 1));
                    }
                    String error = describe(e) + (retryable ? " (gave up after " + attempt + " attempts)" : "");
                    LOG.debugf("item %s failed: %s", id, error);
                    return items.markError(id, run.runId, error).replaceWithVoid();
                });
    }

    private Uni<Void> pipeline(ProvisioningItem item, RunHandle run) {
        Uni<String> username = item.kcUsername() != null
                ? Uni.createFrom().item(item.kcUsername())
                : reserveUsername(item, run);
        return username.chain(name -> {
            if (item.kcUserId() != null) {
                ProvStatus reached = item.provStatus().startsWith("KC_") || item.provStatus().equals("INVITE_SENT")
                        ? ProvStatus.valueOf(item.provStatus()) : ProvStatus.KC_UPDATED;
                return invite(item, name, item.kcUserId(), reached, run);
            }
            return Uni.createFrom().voidItem().invoke(run::checkpoint)
                    .chain(() -> target.findByExternalId(item.externalId()))
                    .chain(found -> found.isPresent()
                            ? Uni.createFrom().item(new Reached(found.get().id(), ProvStatus.KC_UPDATED))
                            : Uni.createFrom().voidItem().invoke(run::checkpoint)
                              .chain(() -> target.create(new ProvisioningTarget.NewAccount(name, item.externalId(),
                                      item.email(), item.rolePrincipalCode())))
                              .map(account -> new Reached(account.id(), ProvStatus.KC_CREATED)))
                    .chain(reached -> items.markInTarget(item.id(), run.runId, reached.status, reached.accountId)
                            .chain(held -> held ? invite(item, name, reached.accountId, reached.status, run)
                                    : Uni.createFrom().failure(new RunHandle.ClaimLost())));
        });
    }

    private Uni<Void> invite(ProvisioningItem item, String username, String accountId, ProvStatus reached,
                             RunHandle run) {
        if (!item.hasEmail()) {
            return complete(item, run, reached);
        }
        if (reached == ProvStatus.INVITE_SENT) {
            return complete(item, run, ProvStatus.PENDING_ACTIVATION);
        }
        return Uni.createFrom().voidItem().invoke(run::checkpoint)
                .chain(() -> target.enrollmentToken(accountId))
                .chain(token -> {
                    if (token.isEmpty()) {
                        // a matched identity that already enrolled has nothing to activate: no invitation
                        return complete(item, run, reached);
                    }
                    return Uni.createFrom().voidItem().invoke(run::checkpoint)
                            .chain(() -> mailer.send(item.email(), item.firstname(), username, token.get())
                                    .onFailure().transform(e -> new MailFailure(item.email(), e)))
                            .chain(() -> items.markStatus(item.id(), run.runId, ProvStatus.INVITE_SENT))
                            .chain(() -> complete(item, run, ProvStatus.PENDING_ACTIVATION));
                });
    }

    private Uni<Void> complete(ProvisioningItem item, RunHandle run, ProvStatus status) {
        return items.complete(item.id(), run.runId, status)
                .chain(held -> held ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new RunHandle.ClaimLost()));
    }

    /** Reservation and the item's kc_username in one transaction: a name is never reserved for nobody. */
    private Uni<String> reserveUsername(ProvisioningItem item, RunHandle run) {
        var base = UsernameRules.base(item.firstname(), item.lastname(), item.email());
        if (base.isEmpty()) {
            return Uni.createFrom().failure(new PermanentFailure("cannot derive a username: firstname and lastname "
                    + "leave nothing usable and there is no usable e-mail"));
        }
        return pool.withTransaction(tx -> reservations.reserve(tx, base.get(), item.id())
                .chain(name -> items.setUsername(tx, item.id(), run.runId, name)
                        .chain(held -> held ? Uni.createFrom().item(name)
                                : Uni.createFrom().failure(new RunHandle.ClaimLost()))));
    }

    private Duration backoff(int attempt) {
        long millis = config.backoffInitial().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.backoffMax().toMillis()));
    }

    static boolean isTransient(Throwable e) {
        return (e instanceof TargetException te && te.isTransient()) || e instanceof MailFailure;
    }

    static String describe(Throwable e) {
        if (e instanceof TargetException || e instanceof PermanentFailure || e instanceof MailFailure) {
            return e.getMessage();
        }
        return "unexpected failure: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private record Reached(String accountId, ProvStatus status) {
    }

    static final class PermanentFailure extends RuntimeException {
        PermanentFailure(String message) {
            super(message, null, false, false);
        }
    }

    static final class MailFailure extends RuntimeException {
        MailFailure(String email, Throwable cause) {
            super("sending the invitation to " + email + " failed: " + cause.getMessage(), cause);
        }
    }
}
