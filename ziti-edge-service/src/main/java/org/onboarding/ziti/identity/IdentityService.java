package org.onboarding.ziti.identity;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.Failures;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.api.Updates;
import org.onboarding.ziti.api.ZitiIds;
import org.onboarding.ziti.enrollment.Enrollment;
import org.onboarding.ziti.enrollment.EnrollmentService;
import org.onboarding.ziti.signing.ZitiConfig;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Identity rules: create (with at most one inline enrollment, same transaction), update/patch, delete (cascading). */
@ApplicationScoped
public class IdentityService {

    private static final Duration MIN_DURATION = Duration.ofMinutes(5);
    private static final Duration DEFAULT_DURATION = Duration.ofMinutes(180);

    private final IdentityRepository identities;
    private final EnrollmentService enrollments;
    private final Duration enrollmentDuration;
    private final Pool pool;

    public IdentityService(IdentityRepository identities, EnrollmentService enrollments, ZitiConfig config,
                           Pool pool) {
        this.identities = identities;
        this.enrollments = enrollments;
        Duration configured = config.enrollment().identityDuration();
        this.enrollmentDuration = configured.compareTo(MIN_DURATION) < 0 ? DEFAULT_DURATION : configured;
        this.pool = pool;
    }

    @WithTransaction
    public Uni<String> create(NewIdentity request) {
        Instant now = now();
        IdentityFields fields = request.fields();
        Identity identity = new Identity();
        identity.id = ZitiIds.shortId();
        identity.name = fields.name();
        identity.type = fields.type();
        identity.isAdmin = fields.isAdmin();
        identity.externalId = fields.externalId();
        identity.authPolicyId = fields.authPolicyId();
        identity.roleAttributes = JsonText.write(fields.roleAttributes());
        identity.tags = JsonText.write(fields.tags());
        identity.appData = JsonText.write(fields.appData());
        identity.defaultHostingPrecedence = fields.defaultHostingPrecedence();
        identity.defaultHostingCost = fields.defaultHostingCost();
        identity.serviceHostingPrecedences = JsonText.write(fields.serviceHostingPrecedences());
        identity.serviceHostingCosts = JsonText.write(fields.serviceHostingCosts());
        identity.permissions = JsonText.write(fields.permissions());
        identity.createdAt = now;
        identity.updatedAt = now;
        return duplicates(identities.persistAndFlush(identity), fields)
                .flatMap(saved -> inlineEnrollment(saved, request, now))
                .map(ignored -> identity.id);
    }

    /**
     * {@code updateIdentity} (PUT, {@code replace}: every updatable field, absent ones reset) and
     * {@code patchIdentity} (only the fields the body names). One UPDATE statement: concurrent patches of different
     * fields never undo each other, and the unique indexes decide duplicate names and external ids. Not updatable,
     * as upstream: id, createdAt, isDefaultAdmin, isSystem, disabled, enrollments, authenticators.
     */
    public Uni<Void> update(String id, IdentityFields fields, boolean replace) {
        Uni<Integer> updated = Updates.byId(pool, "identity", id, UPDATABLE, fields, fields::has, replace);
        return duplicates(updated, fields).map(count -> {
            if (count == 0) {
                throw ApiException.notFound("identity", id);
            }
            return null;
        });
    }

    /** The identity columns PUT and PATCH write, each with the body field it comes from. */
    private static final List<Updates.Column<IdentityFields>> UPDATABLE = List.of(
            new Updates.Column<>("name", "name", IdentityFields::name),
            new Updates.Column<>("type", "type", IdentityFields::type),
            new Updates.Column<>("isAdmin", "is_admin", IdentityFields::isAdmin),
            new Updates.Column<>("externalId", "external_id", IdentityFields::externalId),
            new Updates.Column<>("authPolicyId", "auth_policy_id", IdentityFields::authPolicyId),
            new Updates.Column<>("roleAttributes", "role_attributes", f -> JsonText.write(f.roleAttributes())),
            new Updates.Column<>("tags", "tags", f -> JsonText.write(f.tags())),
            new Updates.Column<>("appData", "app_data", f -> JsonText.write(f.appData())),
            new Updates.Column<>("defaultHostingPrecedence", "default_hosting_precedence",
                    IdentityFields::defaultHostingPrecedence),
            new Updates.Column<>("defaultHostingCost", "default_hosting_cost", IdentityFields::defaultHostingCost),
            new Updates.Column<>("serviceHostingPrecedences", "service_hosting_precedences",
                    f -> JsonText.write(f.serviceHostingPrecedences())),
            new Updates.Column<>("serviceHostingCosts", "service_hosting_costs",
                    f -> JsonText.write(f.serviceHostingCosts())),
            new Updates.Column<>("permissions", "permissions", f -> JsonText.write(f.permissions())));

    /** A taken name or external id, as upstream reports it: 400 COULD_NOT_VALIDATE naming the field. */
    private static <T> Uni<T> duplicates(Uni<T> write, IdentityFields fields) {
        return write
                .onFailure(e -> Failures.violates(e, "identity_name_uq"))
                .transform(e -> ApiException.couldNotValidate("name", "duplicate value in unique index", fields.name()))
                .onFailure(e -> Failures.violates(e, "identity_external_id_uq"))
                .transform(e -> ApiException.couldNotValidate("externalId", "duplicate value in unique index",
                        fields.externalId()));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Upstream creates only one: ott, then ottca, then updb (openziti/ziti#1200). */
    private Uni<Void> inlineEnrollment(Identity identity, NewIdentity request, Instant now) {
        Instant expiresAt = now.plus(enrollmentDuration);
        if (Boolean.TRUE.equals(request.enrollOtt())) {
            return save(enrollments.newEnrollment(ZitiIds.shortId(), identity, "ott", expiresAt, now));
        }
        if (request.enrollOttca() != null) {
            return enrollments.existingCa("enrollment.ottca", request.enrollOttca()).flatMap(caId -> {
                Enrollment e = enrollments.newEnrollment(ZitiIds.shortId(), identity, "ottca", expiresAt, now);
                e.caId = caId;
                return save(e);
            });
        }
        if (request.enrollUpdb() != null) {
            if (request.enrollUpdb().isEmpty()) {
                throw ApiException.invalidField("enrollment.updb", "username not provided", request.enrollUpdb());
            }
            Enrollment e = enrollments.newEnrollment(ZitiIds.shortId(), identity, "updb", expiresAt, now);
            e.username = request.enrollUpdb();
            return save(e);
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> save(Enrollment enrollment) {
        return enrollments.persist(enrollment).replaceWithVoid();
    }

    /** Deleting an identity deletes its enrollments (FK ON DELETE CASCADE, same statement). */
    public Uni<Void> delete(String id) {
        return Listing.delete(pool, "identity", id, "identity");
    }
}
