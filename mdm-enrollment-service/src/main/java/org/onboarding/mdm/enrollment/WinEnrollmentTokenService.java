package org.onboarding.mdm.enrollment;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.ErrorCode;
import org.onboarding.mdm.api.FieldError;
import org.onboarding.mdm.api.ObjectIds;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;
import org.onboarding.mdm.enrollment.EnrollmentTokenRequests.TokenSettings;
import org.onboarding.mdm.user.MdmUser;
import org.onboarding.mdm.user.MdmUserRepository;
import org.onboarding.mdm.organization.Organization;
import org.onboarding.mdm.organization.OrganizationScope;
import org.onboarding.mdm.persistence.Constraints;
import org.onboarding.mdm.persistence.ListCounts;
import org.onboarding.mdm.persistence.ListQuery;
import org.onboarding.mdm.persistence.Pages;
import org.onboarding.mdm.persistence.Stored;
import org.onboarding.mdm.security.Caller;
import org.onboarding.mdm.security.Permission;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The winEnrollmentToken rules (README, Enrollment tokens and policies): plan, quota, states, code/link generation, invitations. */
@ApplicationScoped
public class WinEnrollmentTokenService {

    /**
     * Every scalar field of the token object, embedded ones included ({@code mdmUser.email}); the user's fields are
     * read by a scalar subquery on the user's primary key.
     */
    public static final Map<String, String> SORTABLE = PageQuery.sortable("t", List.of("organizationId",
            "winEnterpriseId", "winDeviceId", "displayName", "state", "type", "subType", "expireAt", "enrollmentLink",
            "enrollCode", "winPolicyId", "sendEmail", "emailText", "segmentId"), Map.of(
            "mdmUser.id", "t.mdmUserId", "summary.expirationTimestamp", "t.expireAt",
            // Applivery describes its sort as "creation date, name, or status": a token's name is its displayName
            "name", "t.displayName",
            "mdmUser.email", MdmUser.field("t", "email"), "mdmUser.displayName", MdmUser.field("t", "name")));
    static final String LIVE_CODE_INDEX = "win_enrollment_token_live_code_uq";
    /** The token list's maintained counts (per organisation and state). */
    private static final String LIST = "win_enrollment_token";
    static final String IDEMPOTENCY_INDEX = "win_enrollment_token_idempotency_uq";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final WinEnrollmentTokenRepository tokens;
    private final TokenPolicyAssignments policyAssignments;
    private final MdmUserRepository users;
    private final OrganizationScope scope;
    private final TokenViews views;
    private final EnrollCodes codes;
    private final EnrollmentInvitations invitations;
    private final Clock clock;
    private final String publicBaseUrl;

    public WinEnrollmentTokenService(WinEnrollmentTokenRepository tokens, TokenPolicyAssignments policyAssignments,
                                     MdmUserRepository users, OrganizationScope scope,
                                     TokenViews views, EnrollCodes codes, EnrollmentInvitations invitations,
                                     Clock clock,
                                     @ConfigProperty(name = "mdm.enrollment.public-base-url") String publicBaseUrl) {
        this.tokens = tokens;
        this.policyAssignments = policyAssignments;
        this.users = users;
        this.scope = scope;
        this.views = views;
        this.codes = codes;
        this.invitations = invitations;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl.endsWith("/")
                ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    // ---- create -------------------------------------------------------------------------------------------------

    /**
     * With an {@code idempotencyKey} (README "Idempotent token creation"), a creation that already happened in the
     * organisation under that key answers the token it made, unchanged and without a second mail. The insert looks for
     * the key under the organisation row lock that serialises creations, so a concurrent replay sees the first one
     * committed; the unique index on (organisation, key) is the backstop.
     * <p>
     * One round trip and no Hibernate session for the usual creation: the statement that inserts the token also
     * resolves the organisation for the caller and reads the employee (WinEnrollmentTokenRepository.insertAdmitted).
     */
    public Uni<WinEnrollmentTokenView> create(Caller caller, String organization,
                                              EnrollmentTokenRequests.CreateToken request, String idempotencyKey) {
        caller.require(Permission.TOKEN_CREATE);
        String key = validIdempotencyKey(idempotencyKey);
        TokenSettings settings = request.settings();
        TokenPolicyAssignments.rejectDuplicates(settings.winPolicyAssignments());
        return retryingOnCodeCollision(() -> admit(caller, organization, request, settings, key, true))
                .call(created -> created.fresh() && settings.sendEmail()
                        ? invitations.send(invitation(created.view(), settings)) : Uni.createFrom().voidItem())
                .map(Created::view);
    }

    private Uni<Created> admit(Caller caller, String organization, EnrollmentTokenRequests.CreateToken request,
                               TokenSettings settings, String key, boolean mayCreateEnterprise) {
        Instant now = now();
        WinEnrollmentToken token = newToken(null, request.mdmUserId().toLowerCase(Locale.ROOT), settings, now,
                new HashSet<>(), key);
        List<WinPolicyAssignment> assigned = TokenPolicyAssignments.rows(token, settings.winPolicyAssignments());
        boolean byId = ObjectIds.isValid(organization);
        return tokens.insertAdmitted(byId ? organization.toLowerCase(Locale.ROOT) : null, byId ? null : organization,
                        caller.orgs(), token, views.write(TokenPolicyAssignments.columns(assigned)),
                        views.write(TokenPolicyAssignments.ids(settings)), now)
                .flatMap(admission -> switch (admission.verdict()) {
                    case OK -> {
                        token.organizationId = admission.organizationId();
                        token.winEnterpriseId = admission.winEnterpriseId();
                        // the usual token, without assignments, is answered from what the creation holds; one with
                        // assignments is read back like a GET (its policies as they are now)
                        yield assigned.isEmpty()
                                ? Uni.createFrom().item(new Created(views.fresh(token, employee(token, admission),
                                        List.of(), List.of(), now), true))
                                : Panache.withSession(() -> views.full(token, now)).map(view -> new Created(view, true));
                    }
                    case REPLAY -> Panache.withSession(() -> tokens.findByIdempotencyKey(admission.organizationId(),
                            key).flatMap(winner -> replay(winner, request, now)));
                    // the first token of the organisation creates its Windows enterprise, once, under the row lock
                    case NO_ENTERPRISE -> mayCreateEnterprise
                            ? Panache.withTransaction(() -> scope.lockForWindowsMdm(caller, organization))
                                    .flatMap(org -> admit(caller, organization, request, settings, key, false))
                            : Uni.createFrom().failure(new IllegalStateException(
                                    "organisation " + admission.organizationId() + " has no Windows enterprise"));
                    case PLAN -> throw new ApiException(ErrorCode.FEATURE_NOT_ALLOWED);
                    case ORG_UNKNOWN, USER_GONE, POLICY_GONE -> throw ApiException.notFound();
                    case QUOTA -> throw new ApiException(ErrorCode.LIMIT_EXCEEDED);
                });
    }

    /** The token's employee as the admitting statement read it, under the organisation lock. */
    private static MdmUser employee(WinEnrollmentToken token, WinEnrollmentTokenRepository.Admission admission) {
        MdmUser user = new MdmUser();
        user.id = token.mdmUserId;
        user.organizationId = token.organizationId;
        user.email = admission.userEmail();
        user.name = admission.userName();
        return user;
    }

    private record Created(WinEnrollmentTokenView view, boolean fresh) {
    }

    /** A replay must ask for the same employee: a key reused for another one is a client bug, not a replay. */
    private Uni<Created> replay(WinEnrollmentToken earlier, EnrollmentTokenRequests.CreateToken request, Instant now) {
        if (!earlier.mdmUserId.equalsIgnoreCase(request.mdmUserId())) {
            throw new ApiException(ErrorCode.VALIDATION, ErrorCode.VALIDATION.message, List.of(new FieldError(
                    IDEMPOTENCY_HEADER, "already used for a token of another mdmUserId")));
        }
        return views.full(earlier, now).map(view -> new Created(view, false));
    }

    /** 1 to 255 printable ASCII characters (what the unique column holds); absent or empty means no key. */
    private static String validIdempotencyKey(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        if (key.length() > 255 || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new ApiException(ErrorCode.VALIDATION, ErrorCode.VALIDATION.message, List.of(new FieldError(
                    IDEMPOTENCY_HEADER, "must be 1 to 255 printable ASCII characters")));
        }
        return key;
    }

    /**
     * One token per distinct valid e-mail, the employee found or created; invalid and duplicate e-mails and those
     * over the quota count as {@code fail}. All in one transaction under the organisation lock.
     */
    public Uni<EnrollmentTokenRequests.BulkResult> bulkCreate(Caller caller, String organization,
                                                               EnrollmentTokenRequests.BulkCreateTokens request) {
        caller.require(Permission.TOKEN_CREATE);
        TokenSettings settings = request.settings();
        TokenPolicyAssignments.rejectDuplicates(settings.winPolicyAssignments());
        List<String> emails = request.userEmails();
        return retryingOnCodeCollision(() -> Panache.withTransaction(() -> {
            Instant now = now();
            Set<String> seen = new HashSet<>();
            Set<String> batchCodes = new HashSet<>();
            List<EnrollmentInvitations.Invitation> toSend = new ArrayList<>();
            return scope.lockForWindowsMdm(caller, organization).flatMap(org ->
                    policyAssignments.lock(org, settings).flatMap(ignored -> tokens.countLiveLocked(org.id, now)).flatMap(live -> {
                        long[] liveCount = {live};
                        return Multi.createFrom().iterable(emails).onItem().transformToUniAndConcatenate(email -> {
                            String trimmed = email.trim();
                            if (trimmed.length() > 128 || !EMAIL.matcher(trimmed).matches()
                                    || !seen.add(trimmed.toLowerCase(Locale.ROOT))
                                    || liveCount[0] >= org.enrollmentTokenQuota) {
                                return Uni.createFrom().item(false);
                            }
                            return users.findOrCreate(org.id, trimmed, now)
                                    .flatMap(user -> insert(org, user, settings, now, batchCodes, null).map(token -> {
                                        liveCount[0]++;
                                        if (settings.sendEmail()) {
                                            toSend.add(new EnrollmentInvitations.Invitation(token.id, user.email,
                                                    user.name, token.enrollmentLink, token.enrollCode,
                                                    token.expireAt, token.emailText, settings.language()));
                                        }
                                        return true;
                                    }));
                        }).collect().asList();
                    })).map(outcomes -> {
                        int success = (int) outcomes.stream().filter(ok -> ok).count();
                        return new BulkOutcome(new EnrollmentTokenRequests.BulkResult(
                                outcomes.size(), success, outcomes.size() - success), toSend);
                    });
        })).call(outcome -> Multi.createFrom().iterable(outcome.invitations())
                .onItem().transformToUniAndConcatenate(invitations::send).collect().last())
                .map(BulkOutcome::result);
    }

    private record BulkOutcome(EnrollmentTokenRequests.BulkResult result,
                               List<EnrollmentInvitations.Invitation> invitations) {
    }

    private Uni<WinEnrollmentToken> insert(Organization org, MdmUser user, TokenSettings settings, Instant now,
                                           Set<String> batchCodes, String idempotencyKey) {
        WinEnrollmentToken token = newToken(org, user.id, settings, now, batchCodes, idempotencyKey);
        return tokens.persist(token).call(saved -> policyAssignments.add(saved, settings.winPolicyAssignments()));
    }

    /** {@code org} null: the organisation and its enterprise are left for the admitting statement to fill in. */
    private WinEnrollmentToken newToken(Organization org, String mdmUserId, TokenSettings settings, Instant now,
                                        Set<String> batchCodes, String idempotencyKey) {
        String code;
        do {
            code = codes.next();
        } while (!batchCodes.add(code));
        WinEnrollmentToken token = new WinEnrollmentToken();
        token.id = ObjectIds.next();
        token.organizationId = org == null ? null : org.id;
        token.winEnterpriseId = org == null ? null : org.winEnterpriseId;
        token.mdmUserId = mdmUserId;
        token.displayName = settings.displayName();
        token.tags = views.write(settings.tags() == null ? List.of() : settings.tags());
        token.state = TokenState.PENDING;
        token.config = "{}";
        token.type = "enrollment";
        token.subType = "standard";
        token.enrollCode = code;
        token.enrollmentLink = publicBaseUrl + "/enroll/windows/" + code;
        token.winPolicyId = settings.winPolicyId() == null ? null : settings.winPolicyId().toLowerCase(Locale.ROOT);
        token.sendEmail = settings.sendEmail();
        token.emailText = settings.emailText();
        token.language = settings.language() == null ? null : settings.language().name().toLowerCase(Locale.ROOT);
        token.segmentId = settings.segmentId();
        token.createdAt = now;
        token.updatedAt = now;
        token.expireAt = now.plusSeconds(settings.durationSeconds());
        token.idempotencyKey = idempotencyKey;
        return token;
    }

    // ---- read ---------------------------------------------------------------------------------------------------

    @WithSession
    public Uni<WinEnrollmentTokenView> get(Caller caller, String organization, String id) {
        caller.require(Permission.TOKEN_GET);
        Instant now = now();
        return scope.resolve(caller, organization)
                .flatMap(org -> tokens.findInOrganization(org.id, id, LockModeType.NONE))
                .flatMap(token -> views.full(ApiException.orNotFound(token), now));
    }

    @WithSession
    public Uni<Paginated<WinEnrollmentTokenView>> list(Caller caller, String organization, PageQuery page,
                                                       String mdmUserId, String winPolicyId, Integer segmentId,
                                                       boolean showDeleted) {
        caller.require(Permission.TOKEN_LIST);
        Instant now = now();
        return scope.resolve(caller, organization).flatMap(org -> {
            ListQuery query = ListQuery.from("WinEnrollmentToken", "t").where("t.organizationId = :org", "org", org.id);
            if (showDeleted) {
                query.countedBy(() -> ListCounts.all(LIST, org.id));
            } else {
                query.where("t.state <> :deleted", "deleted", TokenState.DELETED)
                        .countedBy(() -> ListCounts.exceptState(LIST, org.id, TokenState.DELETED));
            }
            // the policy filter matches the legacy winPolicyId or an assignment: a union of two index lookups
            query.filter("t.mdmUserId = :user", "user", mdmUserId)
                    .filter("t.id in (select a.tokenId from WinPolicyAssignment a where a.winPolicyId = :policy"
                            + " union select p.id from WinEnrollmentToken p where p.winPolicyId = :policy)",
                            "policy", winPolicyId)
                    .filter("t.segmentId = :segment", "segment", segmentId);
            return Pages.read(tokens, query, page, list -> views.views(list, false, now));
        });
    }

    // ---- update / delete ----------------------------------------------------------------------------------------

    /** The seed: partial update of a PENDING token, answered with assignments expanded to full policies. */
    public Uni<WinEnrollmentTokenView> update(Caller caller, String organization, String id,
                                              EnrollmentTokenRequests.UpdateToken request) {
        caller.require(Permission.TOKEN_UPDATE);
        TokenPolicyAssignments.rejectDuplicates(request.winPolicyAssignments());
        // winPolicyId absent: unchanged; null: cleared; an id: replaced
        String newPolicyId = request.newPolicyId();
        return Panache.withTransaction(() -> {
            Instant now = now();
            return scope.resolve(caller, organization).invoke(OrganizationScope::requireWindowsMdm).flatMap(org ->
                    // FOR UPDATE: concurrent edits, deletes and enrollments of this token are serialised
                    tokens.findInOrganization(org.id, id, LockModeType.PESSIMISTIC_WRITE).flatMap(found -> {
                        WinEnrollmentToken token = ApiException.orNotFound(found);
                        if (token.stateAt(now) != TokenState.PENDING) {
                            throw new ApiException(ErrorCode.TOKEN_NOT_PENDING);
                        }
                        TokenSettings policyChange = new TokenSettings(false, null, null, null, null, null,
                                newPolicyId, request.winPolicyAssignments(), null);
                        return policyAssignments.lock(org, policyChange).flatMap(ignored -> {
                            if (request.displayName() != null) {
                                token.displayName = request.displayName();
                            }
                            if (request.tags() != null) {
                                token.tags = views.write(request.tags());
                            }
                            if (request.changesPolicyId()) {
                                token.winPolicyId = newPolicyId;
                            }
                            if (request.segmentId() != null) {
                                token.segmentId = request.segmentId();
                            }
                            token.updatedAt = now;
                            Uni<Void> replaced = request.winPolicyAssignments() == null ? Uni.createFrom().voidItem()
                                    : policyAssignments.replace(token, request.winPolicyAssignments());
                            return replaced.flatMap(v -> Panache.getSession().flatMap(s -> s.flush()))
                                    .flatMap(v -> views.full(token, now));
                        });
                    }));
        });
    }

    /** Soft delete (state DELETED), idempotent; frees the code for reuse by the live-code index. */
    public Uni<WinEnrollmentTokenView> delete(Caller caller, String organization, String id) {
        caller.require(Permission.TOKEN_REMOVE);
        return Panache.withTransaction(() -> {
            Instant now = now();
            return scope.resolve(caller, organization)
                    .flatMap(org -> tokens.findInOrganization(org.id, id, LockModeType.PESSIMISTIC_WRITE))
                    .flatMap(found -> {
                        WinEnrollmentToken token = ApiException.orNotFound(found);
                        if (token.state != TokenState.DELETED) {
                            token.state = TokenState.DELETED;
                            token.updatedAt = now;
                        }
                        return Panache.getSession().flatMap(s -> s.flush()).flatMap(v -> views.full(token, now));
                    });
        });
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /**
     * A fresh code colliding with a live one (about 1 in 10^14 per pair) makes the whole transaction run again, as
     * does a creation that lost the race for its idempotency key (the next run finds the winner's token).
     */
    private static <T> Uni<T> retryingOnCodeCollision(Supplier<Uni<T>> transaction) {
        return Uni.createFrom().<T>deferred(transaction::get)
                .onFailure(e -> Constraints.violated(e, LIVE_CODE_INDEX) || Constraints.violated(e, IDEMPOTENCY_INDEX))
                .retry().atMost(5);
    }

    private static EnrollmentInvitations.Invitation invitation(WinEnrollmentTokenView view, TokenSettings settings) {
        return new EnrollmentInvitations.Invitation(view.id(), view.mdmUser().email(), view.mdmUser().displayName(),
                view.enrollmentLink(), view.enrollCode(), view.expireAt(), view.emailText(), settings.language());
    }

    private Instant now() {
        return Stored.now(clock);
    }
}
