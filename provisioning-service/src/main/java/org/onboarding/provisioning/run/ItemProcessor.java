package org.onboarding.provisioning.run;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.onboarding.provisioning.batch.BatchView;
import org.onboarding.provisioning.batch.ProvisioningBatchRepository;
import org.onboarding.provisioning.invitation.InvitationMailer;
import org.onboarding.provisioning.target.MdmException;
import org.onboarding.provisioning.target.MdmOnboarding;
import org.onboarding.provisioning.item.ProvStatus;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.item.ProvisioningItemRepository;
import org.onboarding.provisioning.item.ProvisioningItemRepository.ItemProgress;
import org.onboarding.provisioning.target.ProvisioningTarget;
import org.onboarding.provisioning.target.ProvisioningTarget.NewAccount;
import org.onboarding.provisioning.target.ProvisioningTarget.TargetAccount;
import org.onboarding.provisioning.target.TargetException;
import org.onboarding.provisioning.target.ZitiProvisioningTarget;
import org.onboarding.provisioning.username.UsernameReservations;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The per-item pipeline: reserve username -> create or match (by external id) in the target -> ACCOUNT_CREATED /
 * ACCOUNT_UPDATED -> invitation mail if there is an e-mail -> PENDING_ACTIVATION (recorded after the mail, in one
 * write with the item's end). The item's writes are grouped with those of the other items in flight
 * ({@link ItemWrites}). Each step starts from
 * what the item already recorded, so a retried or resumed item continues where it stopped, and the target lookup
 * by external id makes an identity created just before a crash a match, not a duplicate.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ItemProcessor {

    private static final Logger LOG = Logger.getLogger(ItemProcessor.class);

    /** Names tried per item and attempt when the target says they are taken (SailPoint-style bounded checks). */
    static final int MAX_RENAMES = 10;

    /** account_username's column size. */
    private static final int MAX_NAME = 255;

    private final ProvisioningItemRepository items;
    private final UsernameReservations reservations;
    private final ProvisioningTarget target;
    private final InvitationMailer mailer;
    private final Pool pool;
    private final RunConfig config;
    private final ProvisioningBatchRepository batches;
    private final MdmOnboarding mdm;
    private final ItemUsernames usernames;
    /**
     * The enrollment tokens of the items in flight (all runs of this process), read together: one list call per
     * group instead of one read per identity ({@link GroupCommit}; README "Runs: writes per chunk").
     */
    private final GroupCommit<String, Optional<String>> tokens = new GroupCommit<>(TOKEN_READS_IN_FLIGHT,
            ZitiProvisioningTarget.MAX_LOOKUP_CHARS, ZitiProvisioningTarget::filterChars,
            this::readTokens);

    /** Token reads on their way at once: one, so that the items that come meanwhile make the next group. */
    static final int TOKEN_READS_IN_FLIGHT = 1;

    /**
     * The claim counted the first attempt and read the item; {@code prepared} has what was done for its chunk (the
     * target lookup, the username).
     */
    Uni<Void> process(ProvisioningItem claimed, RunHandle run, ChunkPreparation.Prepared prepared) {
        return attempt(claimed.id(), prepared.item(claimed), run, 1, prepared.batch(),
                prepared.lookups().get(claimed.id()));
    }

    /** {@code current}: the item as the claim read it (first attempt), or null (a retry counts and reads it). */
    private Uni<Void> attempt(UUID id, ProvisioningItem current, RunHandle run, int attempt, BatchView batch,
                              Optional<TargetAccount> lookedUp) {
        return Uni.createFrom().voidItem()
                .invoke(run::checkpoint)
                .chain(() -> current != null ? Uni.createFrom().item(current) : items.recordAttempt(id, run.runId))
                .chain(item -> item != null ? Uni.createFrom().item(item)
                        : Uni.createFrom().<ProvisioningItem>failure(new RunHandle.ClaimLost()))
                .chain(item -> pipeline(item, batch, run, lookedUp))
                .onFailure().recoverWithUni(e -> {
                    if (run.halted() || e instanceof RunHandle.ClaimLost) {
                        return Uni.createFrom().voidItem(); // leave the item to whoever holds it next
                    }
                    boolean retryable = isTransient(e);
                    if (retryable && attempt < config.maxAttempts()) {
                        // a retry looks the person up again: the earlier lookup may be stale
                        return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt))
                                .chain(() -> attempt(id, null, run, attempt + 1, batch, null));
                    }
                    String error = describe(e) + (retryable ? " (gave up after " + attempt + " attempts)" : "");
                    LOG.debugf("item %s failed: %s", id, error);
                    String failed = failedTarget(e);
                    return items.markError(id, run.runId, error)
                            .call(marked -> marked && failed != null
                                    ? items.recordTarget(id, run.runId, failed, outcome(FAILED, null, error))
                                    : Uni.createFrom().voidItem())
                            .replaceWithVoid();
                });
    }

    /**
     * Look up by external id first: a person who exists in the target is matched (their identity keeps its name
     * and gets our fields: ACCOUNT_UPDATED); only a person not found gets a username and a new identity
     * (ACCOUNT_CREATED).
     */
    private Uni<Void> pipeline(ProvisioningItem item, BatchView batch, RunHandle run,
                               Optional<TargetAccount> lookedUp) {
        Uni<BatchView> current = batch != null ? Uni.createFrom().item(batch)
                : batches.view(item.provisioningBatchId());
        return current.chain(view -> view.targets(ZITI) ? ziti(item, view, run, lookedUp) : mdmOnly(item, view, run));
    }

    private Uni<Void> ziti(ProvisioningItem item, BatchView batch, RunHandle run, Optional<TargetAccount> lookedUp) {
        if (item.accountId() != null) {
            ProvStatus reached = item.provStatus().reachedTarget() ? item.provStatus() : ProvStatus.ACCOUNT_UPDATED;
            return windows(item, batch, item.accountUsername(), run).chain(windows ->
                    invite(item, item.accountUsername(), item.accountId(), reached, windows, run));
        }
        Uni<Optional<TargetAccount>> lookup = lookedUp != null ? Uni.createFrom().item(lookedUp)
                : Uni.createFrom().voidItem().invoke(run::checkpoint)
                  .chain(() -> target.findByExternalId(item.externalId()));
        return lookup
                .chain(found -> found.isPresent()
                        ? match(item, run, found.get())
                        : usernames.of(item, run).chain(name -> createOrMatch(item, run, name, 0)))
                .chain(reached -> !batch.targets(MDM) && !item.hasEmail()
                        ? recordInTarget(item, run, reached, true)
                        : recordInTarget(item, run, reached, false)
                        .chain(() -> windows(item, batch, reached.username, run))
                        .chain(windows -> invite(item, reached.username, reached.accountId, reached.status, windows,
                                run)));
    }

    /**
     * A batch without the ziti target: the MDM user stands for the account (created or matched); with the mdm
     * target skipped there is nothing to provision, which is an error the item shows.
     */
    private Uni<Void> mdmOnly(ProvisioningItem item, BatchView batch, RunHandle run) {
        return windows(item, batch, null, run).chain(windows -> items.find(item.id()).chain(fresh -> {
            Map<String, Object> state = fresh.target(MDM);
            if (windows.isEmpty() && !SUCCEEDED.equals(state.get("status"))) {
                return Uni.createFrom().failure(new MdmException("nothing to provision: the mdm target was "
                        + "skipped (" + state.get("last_error") + ")", false, null));
            }
            ProvStatus reached = fresh.provStatus() == ProvStatus.INVITE_SENT ? ProvStatus.INVITE_SENT
                    : "created".equals(state.get("mdm_user")) ? ProvStatus.ACCOUNT_CREATED : ProvStatus.ACCOUNT_UPDATED;
            return invite(item, null, null, reached, windows, run);
        }));
    }

    /** The existing identity gets the fields the item owns (only if it lacks them) and keeps its name. */
    private Uni<Reached> match(ProvisioningItem item, RunHandle run, TargetAccount account) {
        if (account.name() == null || account.name().isEmpty() || account.name().length() > MAX_NAME) {
            return Uni.createFrom().failure(new PermanentFailure("the identity with external id " + item.externalId()
                    + " in the target has a name this service cannot record (empty or longer than " + MAX_NAME + ")"));
        }
        NewAccount wanted = wanted(item, account.name());
        Uni<Void> update = account.carries(wanted) ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().invoke(run::checkpoint).chain(() -> target.update(account, wanted));
        return update.map(ignored -> new Reached(account.id(), account.name(), ProvStatus.ACCOUNT_UPDATED));
    }

    /**
     * Creates the identity under {@code name}. The target is the final judge of uniqueness (README, "Usernames", step 10):
     * a name taken there (by someone our reservations do not know) gives the next counter, up to
     * {@link #MAX_RENAMES} times; an external id taken there means the person was created meanwhile (another run):
     * that is a match, not an error.
     */
    private Uni<Reached> createOrMatch(ProvisioningItem item, RunHandle run, String name, int renames) {
        return Uni.createFrom().voidItem().invoke(run::checkpoint)
                .chain(() -> target.create(wanted(item, name)))
                .map(account -> new Reached(account.id(), name, ProvStatus.ACCOUNT_CREATED))
                .onFailure(e -> e instanceof TargetException te && te.conflict() != TargetException.Conflict.NONE)
                .recoverWithUni(e -> {
                    TargetException conflict = (TargetException) e;
                    if (conflict.conflict() == TargetException.Conflict.EXTERNAL_ID) {
                        return target.findByExternalId(item.externalId()).chain(found -> found.isPresent()
                                ? match(item, run, found.get())
                                : Uni.createFrom().failure(new TargetException(conflict.getMessage()
                                + "; yet no identity with that external id was found", true, conflict)));
                    }
                    if (renames + 1 >= MAX_RENAMES) {
                        return Uni.createFrom().failure(new PermanentFailure("the target refused " + (renames + 1)
                                + " usernames in a row as taken, the last one " + name + ": " + conflict.getMessage()));
                    }
                    return usernames.rename(item, run, name).chain(next -> createOrMatch(item, run, next, renames + 1));
                });
    }

    /**
     * The identity exists in the target: the item records it with its ziti outcome; {@code done} when nothing else is
     * left for it (no mdm target, no e-mail), in the same write. A created identity's write is grouped with the
     * chunk's others; a matched one also adopts the name's reservation, in one transaction.
     */
    private Uni<Void> recordInTarget(ProvisioningItem item, RunHandle run, Reached reached, boolean done) {
        if (reached.status == ProvStatus.ACCOUNT_CREATED) {
            return held(run.writes.write(new ItemProgress(item.id(), reached.status, reached.accountId,
                    reached.username, ZITI, outcome(SUCCEEDED, reached.accountId, null), done)));
        }
        return pool.withTransaction(tx -> (reached.status == ProvStatus.ACCOUNT_UPDATED
                        ? reservations.adopt(tx, reached.username, item.id()) : Uni.createFrom().voidItem())
                        .chain(() -> items.markInTarget(tx, item.id(), run.runId, reached.status, reached.accountId,
                                reached.username)))
                .chain(held -> held ? items.recordTarget(item.id(), run.runId, ZITI,
                        outcome(SUCCEEDED, reached.accountId, null))
                        : Uni.createFrom().failure(new RunHandle.ClaimLost()))
                .replaceWithVoid()
                .chain(() -> done ? complete(item, run, reached.status) : Uni.createFrom().voidItem());
    }

    /**
     * The mdm target (README "Targets"): in the batch's MDM organisation, the person's MDM user (matched by e-mail or
     * created), then a Windows enrollment token with the organisation's default policy, created under the key
     * {@code <item id>:mdm} so that a retried or resumed item gets the same token back, never a second one. Empty
     * when the batch has no mdm target, when the target is skipped (no e-mail, no organisation), or when the
     * invitation already went out.
     */
    private Uni<Optional<InvitationMailer.WindowsEnrollment>> windows(ProvisioningItem item, BatchView batch,
                                                                      String username, RunHandle run) {
        Map<String, Object> state = item.target(MDM);
        if (!batch.targets(MDM) || SKIPPED.equals(state.get("status"))
                || (SUCCEEDED.equals(state.get("status")) && item.provStatus() == ProvStatus.INVITE_SENT)) {
            return Uni.createFrom().item(Optional.empty());
        }
        if (!item.hasEmail()) {
            return skip(item, run, "the person has no e-mail to find or create the MDM user by");
        }
        String reference = batch.mdmOrganization() != null ? batch.mdmOrganization() : batch.establishment();
        if (reference == null) {
            return skip(item, run, "no MDM organisation: the batch names no mdm_organization and had no X-Etab");
        }
        return Uni.createFrom().voidItem().invoke(run::checkpoint)
                .chain(() -> mdm.organization(reference))
                .chain(organization -> {
                    if (batch.mdmOrganization() == null
                            && organization.filter(org -> org.slug().equals(reference)).isEmpty()) {
                        return skip(item, run, "no MDM organisation has the slug " + reference + " (X-Etab)");
                    }
                    if (organization.isEmpty()) {
                        return Uni.createFrom().failure(new MdmException("no MDM organisation " + reference
                                + " (mdm_organization), or the service account may not see it", false, null));
                    }
                    return enroll(item, organization.get(), username, state, run).map(Optional::of);
                });
    }

    private Uni<InvitationMailer.WindowsEnrollment> enroll(ProvisioningItem item, MdmOnboarding.Organization org,
                                                           String username, Map<String, Object> state,
                                                           RunHandle run) {
        String name = java.util.stream.Stream.of(item.firstname(), item.lastname()).filter(java.util.Objects::nonNull)
                .reduce((a, b) -> a + " " + b).orElse(null);
        return mdm.ensureUser(org.id(), item.email(), name)
                .call(user -> {
                    Map<String, Object> found = new java.util.HashMap<>();
                    found.put("organization_id", org.id());
                    found.put("mdm_user_id", user.id());
                    // a resumed item finds the user it created: it still says created
                    found.put("mdm_user", state.getOrDefault("mdm_user", user.created() ? "created" : "matched"));
                    return items.recordTarget(item.id(), run.runId, MDM, found);
                })
                .chain(user -> mdm.defaultPolicy(org.id()).invoke(run::checkpoint)
                        .chain(policy -> mdm.createToken(org.id(), user.id(), policy,
                                "Onboarding " + (username != null ? username : item.email()),
                                item.id() + ":" + MDM)))
                .call(token -> items.recordTarget(item.id(), run.runId, MDM, outcome(SUCCEEDED, token.id(), null)))
                .map(token -> new InvitationMailer.WindowsEnrollment(token.enrollmentLink(), token.enrollCode(),
                        token.expireAt()));
    }

    private Uni<Optional<InvitationMailer.WindowsEnrollment>> skip(ProvisioningItem item, RunHandle run,
                                                                    String reason) {
        return items.recordTarget(item.id(), run.runId, MDM, outcome(SKIPPED, null, reason))
                .map(ignored -> Optional.empty());
    }

    /**
     * A group of token reads, answered in the group's order (the target, not yet set when the field is); null for an
     * identity the group's call did not find, which its item then reads on its own ({@link #enrollmentToken}).
     */
    private Uni<java.util.List<Optional<String>>> readTokens(java.util.List<String> accountIds) {
        return target.enrollmentTokens(accountIds)
                .map(found -> accountIds.stream().map(found::get).toList());
    }

    /** The identity's pending enrollment JWT: read with the items in flight, or alone when their read missed it. */
    private Uni<Optional<String>> enrollmentToken(String accountId) {
        return tokens.submit(accountId)
                .chain(found -> found != null ? Uni.createFrom().item(found) : target.enrollmentToken(accountId));
    }

    /** One mail with what the person has: the identity's enrollment JWT, the Windows enrollment, or both. */
    private Uni<Void> invite(ProvisioningItem item, String username, String accountId, ProvStatus reached,
                             Optional<InvitationMailer.WindowsEnrollment> windows, RunHandle run) {
        if (!item.hasEmail()) {
            return complete(item, run, reached);
        }
        if (reached == ProvStatus.INVITE_SENT) {
            return complete(item, run, ProvStatus.PENDING_ACTIVATION);
        }
        Uni<Optional<String>> jwt = accountId == null ? Uni.createFrom().item(Optional.empty())
                : Uni.createFrom().voidItem().invoke(run::checkpoint).chain(() -> enrollmentToken(accountId));
        return jwt.chain(token -> {
            if (token.isEmpty() && windows.isEmpty()) {
                // a matched identity that already enrolled, and no computer to enroll: nothing to invite to
                return complete(item, run, reached);
            }
            return Uni.createFrom().voidItem().invoke(run::checkpoint)
                    .chain(() -> mailer.send(item.email(), item.firstname(), item.language(), username,
                                    token.orElse(null), windows.orElse(null))
                            .onFailure().transform(e -> new MailFailure(item.email(), e)))
                    // recorded after the mail: the item is INVITE_SENT and, nothing being left, PENDING_ACTIVATION at once
                    .chain(() -> complete(item, run, ProvStatus.PENDING_ACTIVATION));
        });
    }

    static final String ZITI = "ziti";
    static final String MDM = "mdm";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";
    static final String SKIPPED = "SKIPPED";

    /** A target's outcome as the item shows it. */
    static Map<String, Object> outcome(String status, String externalId, String lastError) {
        Map<String, Object> outcome = new java.util.HashMap<>();
        outcome.put("status", status);
        if (externalId != null) {
            outcome.put("external_id", externalId);
        }
        outcome.put("last_error", lastError);
        return outcome;
    }

    /** Which target a final failure belongs to (none for the invitation mail). */
    static String failedTarget(Throwable e) {
        if (e instanceof MdmException) {
            return MDM;
        }
        return e instanceof TargetException || e instanceof PermanentFailure ? ZITI : null;
    }

    /** The item's pipeline finished: its last write, grouped with the chunk's others. */
    private Uni<Void> complete(ProvisioningItem item, RunHandle run, ProvStatus status) {
        return held(run.writes.write(new ItemProgress(item.id(), status, null, null, null, null, true)));
    }

    private static Uni<Void> held(Uni<Boolean> write) {
        return write.chain(held -> held ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new RunHandle.ClaimLost()));
    }

    static NewAccount wanted(ProvisioningItem item, String username) {
        return new NewAccount(username, item.externalId(), item.email(), item.rolePrincipalCode(),
                item.identityId().toString(), item.establishmentId(), item.domain());
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

    private record Reached(String accountId, String username, ProvStatus status) {
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
