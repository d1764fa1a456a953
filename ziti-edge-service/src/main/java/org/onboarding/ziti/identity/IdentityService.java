package org.onboarding.ziti.identity;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.Failures;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.ZitiIds;
import org.onboarding.ziti.ca.CaRepository;
import org.onboarding.ziti.enrollment.Enrollment;
import org.onboarding.ziti.enrollment.EnrollmentService;
import org.onboarding.ziti.signing.ZitiConfig;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Identity rules: create (with at most one inline enrollment, same transaction) and delete (cascading). */
@ApplicationScoped
public class IdentityService {

    private static final Duration MIN_DURATION = Duration.ofMinutes(5);
    private static final Duration DEFAULT_DURATION = Duration.ofMinutes(180);

    private final IdentityRepository identities;
    private final CaRepository cas;
    private final EnrollmentService enrollments;
    private final ZitiConfig config;

    public IdentityService(IdentityRepository identities, CaRepository cas, EnrollmentService enrollments,
                           ZitiConfig config) {
        this.identities = identities;
        this.cas = cas;
        this.enrollments = enrollments;
        this.config = config;
    }

    @WithTransaction
    public Uni<String> create(NewIdentity request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Identity identity = new Identity();
        identity.id = ZitiIds.shortId();
        identity.name = request.name();
        identity.type = request.type();
        identity.isAdmin = request.isAdmin();
        identity.externalId = request.externalId();
        identity.authPolicyId = request.authPolicyId();
        identity.roleAttributes = JsonText.write(request.roleAttributes());
        identity.tags = JsonText.write(request.tags());
        identity.createdAt = now;
        identity.updatedAt = now;
        return identities.persistAndFlush(identity)
                .onFailure(e -> Failures.violates(e, "identity_name_uq"))
                .transform(e -> ApiException.couldNotValidate("name", "duplicate value in unique index", request.name()))
                .onFailure(e -> Failures.violates(e, "identity_external_id_uq"))
                .transform(e -> ApiException.couldNotValidate("externalId", "duplicate value in unique index",
                        request.externalId()))
                .flatMap(saved -> inlineEnrollment(saved, request, now))
                .map(ignored -> identity.id);
    }

    /** Upstream creates only one: ott, then ottca, then updb (openziti/ziti#1200). */
    private Uni<Void> inlineEnrollment(Identity identity, NewIdentity request, Instant now) {
        Instant expiresAt = now.plus(identityEnrollmentDuration());
        if (Boolean.TRUE.equals(request.enrollOtt())) {
            return save(enrollments.newEnrollment(ZitiIds.shortId(), identity, "ott", expiresAt, now));
        }
        if (request.enrollOttca() != null) {
            return cas.findById(request.enrollOttca()).flatMap(ca -> {
                if (ca == null) {
                    throw ApiException.invalidField("enrollment.ottca", "ca not found", request.enrollOttca());
                }
                Enrollment e = enrollments.newEnrollment(ZitiIds.shortId(), identity, "ottca", expiresAt, now);
                e.caId = ca.id;
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

    private Duration identityEnrollmentDuration() {
        Duration configured = config.enrollment().identityDuration();
        return configured.compareTo(MIN_DURATION) < 0 ? DEFAULT_DURATION : configured;
    }

    /** Deleting an identity deletes its enrollments (FK ON DELETE CASCADE, same statement). */
    @WithTransaction
    public Uni<Void> delete(String id) {
        return identities.delete("id", id).map(count -> {
            if (count == 0) {
                throw ApiException.notFound("identity", id);
            }
            return null;
        });
    }
}
