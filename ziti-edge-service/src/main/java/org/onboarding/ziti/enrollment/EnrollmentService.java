package org.onboarding.ziti.enrollment;

import lombok.RequiredArgsConstructor;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.ErrorCode;
import org.onboarding.ziti.api.ZitiIds;
import org.onboarding.ziti.ca.CaRepository;
import org.onboarding.ziti.identity.Identity;
import org.onboarding.ziti.identity.IdentityRepository;
import org.onboarding.ziti.signing.ControllerSigner;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Enrollment rules (README, Endpoints and Decisions): create, refresh, delete. Completion is EnrollmentCompletion's (client API). */
@ApplicationScoped
@RequiredArgsConstructor
public class EnrollmentService {

    static final String ONE_PER_METHOD = "enrollment_identity_method_uq";

    private final EnrollmentRepository enrollments;
    private final IdentityRepository identities;
    private final CaRepository cas;
    private final ControllerSigner signer;

    /** {@code POST /enrollments}; the unique index decides races: exactly one wins, the others get 409. */
    @WithTransaction
    public Uni<String> create(NewEnrollment request) {
        return identities.findById(request.identityId()).flatMap(identity -> {
            if (identity == null) {
                throw ApiException.invalidField("identityId", "identity not found", request.identityId());
            }
            Instant now = now();
            if (!request.expiresAt().isAfter(now)) {
                throw ApiException.invalidField("expiresAt", "expiresAt must be in the future", request.expiresAt());
            }
            return methodChecks(request).flatMap(ignored -> {
                Enrollment enrollment = newEnrollment(ZitiIds.uuidBase62(), identity, request.method(),
                        request.expiresAt(), now);
                if ("ottca".equals(request.method())) {
                    enrollment.caId = request.caId();
                }
                if ("updb".equals(request.method())) {
                    enrollment.username = request.username();
                }
                return persist(enrollment);
            });
        });
    }

    private Uni<Void> methodChecks(NewEnrollment request) {
        switch (request.method()) {
            case "ottca" -> {
                return existingCa("caId", request.caId()).replaceWithVoid();
            }
            case "updb" -> {
                if (request.username() == null || request.username().isEmpty()) {
                    return Uni.createFrom().failure(
                            ApiException.invalidField("username", "username not provided", request.username()));
                }
                return Uni.createFrom().voidItem();
            }
            default -> {
                return Uni.createFrom().voidItem();
            }
        }
    }

    /** The id of the CA an {@code ottca} enrollment names, or 400 INVALID_FIELD {@code field} "ca not found". */
    public Uni<String> existingCa(String field, String caId) {
        if (caId == null) {
            return Uni.createFrom().failure(ApiException.invalidField(field, "ca not found", null));
        }
        return cas.findById(caId).map(ca -> {
            if (ca == null) {
                throw ApiException.invalidField(field, "ca not found", caId);
            }
            return ca.id;
        });
    }

    /** Builds an enrollment with a fresh token and its signed JWT (jti = token, as upstream after ziti#3059). */
    public Enrollment newEnrollment(String id, Identity identity, String method, Instant expiresAt, Instant now) {
        Enrollment enrollment = new Enrollment();
        enrollment.id = id;
        enrollment.method = method;
        enrollment.identityId = identity.id;
        enrollment.token = UUID.randomUUID().toString();
        enrollment.expiresAt = expiresAt.truncatedTo(ChronoUnit.MILLIS);
        enrollment.jwt = signer.enrollmentJwt(identity.id, enrollment.token, method, enrollment.expiresAt);
        enrollment.issuedAt = now;
        enrollment.createdAt = now;
        enrollment.updatedAt = now;
        return enrollment;
    }

    /** Persists and flushes so that a unique-index conflict surfaces here as 409 ENROLLMENT_EXISTS. */
    public Uni<String> persist(Enrollment enrollment) {
        return enrollments.persistAndFlush(enrollment)
                .map(saved -> saved.id)
                .onFailure(e -> org.onboarding.ziti.api.Failures.violates(e, ONE_PER_METHOD))
                .transform(e -> enrollmentExists(enrollment.method));
    }

    public static ApiException enrollmentExists(String method) {
        return new ApiException(ErrorCode.ENROLLMENT_EXISTS,
                ApiException.fieldCause("method", "enrollment of same method exists", method));
    }

    /** New token and JWT, new expiry; the old JWT's jti no longer matches anything, so it is dead. */
    @WithTransaction
    public Uni<Void> refresh(String id, Instant expiresAt) {
        return enrollments.findById(id).map(enrollment -> {
            if (enrollment == null) {
                throw new ApiException(ErrorCode.NOT_FOUND, null);
            }
            if (enrollment.identityId == null) {
                // upstream panics (500, empty body) on router enrollments; the contract's decision is 400
                throw new ApiException(ErrorCode.INVALID_ENROLL_METHOD, null);
            }
            Instant now = now();
            if (!expiresAt.isAfter(now)) {
                throw ApiException.couldNotValidate("expiresAt", "must be after the current date and time", expiresAt);
            }
            enrollment.token = UUID.randomUUID().toString();
            enrollment.expiresAt = expiresAt.truncatedTo(ChronoUnit.MILLIS);
            enrollment.jwt = signer.enrollmentJwt(enrollment.identityId, enrollment.token, enrollment.method,
                    enrollment.expiresAt);
            enrollment.issuedAt = now;
            enrollment.updatedAt = now;
            return null;
        });
    }

    @WithTransaction
    public Uni<Void> delete(String id) {
        return enrollments.delete("id", id).map(count -> {
            if (count == 0) {
                throw ApiException.notFound("enrollment", id);
            }
            return null;
        });
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
