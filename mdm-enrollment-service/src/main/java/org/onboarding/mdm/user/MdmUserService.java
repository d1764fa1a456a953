package org.onboarding.mdm.user;

import lombok.RequiredArgsConstructor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.ErrorCode;
import org.onboarding.mdm.api.FieldError;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;
import org.onboarding.mdm.enrollment.EnrollmentTokenRequests.Language;
import org.onboarding.mdm.organization.OrganizationScope;
import org.onboarding.mdm.persistence.JsonColumns;
import org.onboarding.mdm.persistence.ListCounts;
import org.onboarding.mdm.persistence.ListQuery;
import org.onboarding.mdm.persistence.Pages;
import org.onboarding.mdm.persistence.Stored;
import org.onboarding.mdm.security.Caller;
import org.onboarding.mdm.security.Permission;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Applivery's UEM MDM users: create, read, list, update, delete; one live user per e-mail per organisation. */
@ApplicationScoped
@RequiredArgsConstructor
public class MdmUserService {

    /** Every scalar field of the user object. */
    public static final Map<String, String> SORTABLE = PageQuery.sortable("u",
            List.of("organizationId", "email", "name", "language"), Map.of());

    private final MdmUserRepository users;
    private final OrganizationScope scope;
    private final JsonColumns json;
    private final Clock clock;

    /** A second live user with the same e-mail (case-insensitive) is refused by the unique index: 5048. */
    public Uni<MdmUserView> create(Caller caller, String organization, MdmUserView.CreateMdmUser request) {
        caller.require(Permission.MDM_USER_CREATE);
        Instant now = now();
        return Panache.withTransaction(() -> scope.resolve(caller, organization)
                .flatMap(org -> users.insertIfAbsent(org.id, request.email(), request.name(),
                                write(request.tags() == null ? List.of() : request.tags()), language(request.language()),
                                write(request.metadata() == null ? Map.of() : request.metadata()), now)
                        .flatMap(inserted -> {
                            if (!inserted) {
                                throw new ApiException(ErrorCode.MDM_USER_EXISTS);
                            }
                            return users.findByEmail(org.id, request.email());
                        })))
                .map(this::view);
    }

    @WithSession
    public Uni<MdmUserView> get(Caller caller, String organization, String id) {
        caller.require(Permission.MDM_USER_GET);
        return scope.resolve(caller, organization)
                .flatMap(org -> users.findInOrganization(org.id, id))
                .map(user -> view(ApiException.orNotFound(user)));
    }

    @WithSession
    public Uni<Paginated<MdmUserView>> list(Caller caller, String organization, PageQuery page, String email) {
        caller.require(Permission.MDM_USER_LIST);
        return scope.resolve(caller, organization).flatMap(org -> Pages.map(users,
                ListQuery.from("MdmUser", "u").where("u.organizationId = :org", "org", org.id)
                        .where("u.deletedAt is null")
                        // the unique index's expression: one user at most, found through the index
                        .filter("lower(u.email) = lower(:email)", "email", email)
                        .countedBy(() -> ListCounts.all("mdm_user", org.id)),
                page, this::view));
    }

    /** {@code ?email=}: the user with that e-mail, ignoring case (the uniqueness rule); a NUL cannot match any. */
    public static String emailFilter(String email) {
        if (email == null || email.isEmpty()) {
            return null;
        }
        if (email.length() > 128 || email.indexOf('\0') >= 0) {
            throw new ApiException(ErrorCode.VALIDATION, ErrorCode.VALIDATION.message,
                    List.of(new FieldError("email", "must be an e-mail of at most 128 characters")));
        }
        return email;
    }

    /** Partial update under a row lock; the e-mail never changes. */
    public Uni<MdmUserView> update(Caller caller, String organization, String id, MdmUserView.UpdateMdmUser request) {
        caller.require(Permission.MDM_USER_UPDATE);
        return Panache.withTransaction(() -> scope.resolve(caller, organization)
                .flatMap(org -> users.findInOrganization(org.id, id, LockModeType.PESSIMISTIC_WRITE))
                .map(found -> {
                    MdmUser user = ApiException.orNotFound(found);
                    if (request.name() != null) {
                        user.name = request.name();
                    }
                    if (request.tags() != null) {
                        user.tags = write(request.tags());
                    }
                    if (request.language() != null) {
                        user.language = language(request.language());
                    }
                    if (request.metadata() != null) {
                        user.metadata = write(request.metadata());
                    }
                    user.updatedAt = now();
                    return user;
                })).map(this::view);
    }

    /**
     * Refused while the user has an enrolled Windows device (5054) or a live token (5055), both decided by one
     * statement. The organisation row is locked first, as token creation does, so no token can be issued to the user
     * between the check and the delete. Soft delete: dead tokens keep their
     * user, and the e-mail is free again.
     */
    public Uni<MdmUserView.Deleted> delete(Caller caller, String organization, String id) {
        caller.require(Permission.MDM_USER_REMOVE);
        return Panache.withTransaction(() -> scope.resolve(caller, organization)
                .call(org -> Panache.getSession().flatMap(s -> s.refresh(org, LockModeType.PESSIMISTIC_WRITE)))
                .flatMap(org -> users.findInOrganization(org.id, id, LockModeType.PESSIMISTIC_WRITE))
                .flatMap(found -> {
                    MdmUser user = ApiException.orNotFound(found);
                    Instant now = now();
                    return users.deleteBlocker(user.id, now).map(blocker -> {
                        switch (blocker) {
                            case ENROLLED_DEVICE -> throw new ApiException(ErrorCode.MDM_USER_HAS_DEVICES);
                            case LIVE_TOKEN -> throw new ApiException(ErrorCode.MDM_USER_HAS_PENDING_TOKENS);
                            case NONE -> { }
                        }
                        user.deletedAt = now;
                        user.updatedAt = now;
                        return new MdmUserView.Deleted(true);
                    });
                }));
    }

    MdmUserView view(MdmUser user) {
        return new MdmUserView(user.id, user.organizationId, user.email, user.name, json.strings(user.tags),
                user.language, json.object(user.metadata), user.createdAt, user.updatedAt);
    }

    private static String language(Language language) {
        return language == null ? null : language.name().toLowerCase(Locale.ROOT);
    }

    private String write(Object value) {
        return json.write(value);
    }

    private Instant now() {
        return Stored.now(clock);
    }
}
