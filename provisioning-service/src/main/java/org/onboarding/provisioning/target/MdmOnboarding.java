package org.onboarding.provisioning.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The mdm target's steps against mdm-enrollment-service (README "Targets"): resolve the batch's organisation, find the
 * person's MDM user by e-mail or create it, find the organisation's default policy, create a Windows enrollment token
 * under an idempotency key. Every failure is a {@link TargetException}, transient or not.
 */
@ApplicationScoped
public class MdmOnboarding {

    static final String SERVICE = "mdm-enrollment-service";
    /** Applivery's "Entity not found" and "Mdm user already exists". */
    static final int NOT_FOUND = 3001;
    static final int USER_EXISTS = 5048;
    private static final int POLICY_PAGE = 100;
    private static final int MAX_POLICY_PAGES = 20;

    public record Organization(String id, String slug) {
    }

    public record MdmUser(String id, boolean created) {
    }

    public record EnrollmentToken(String id, String enrollmentLink, String enrollCode, String expireAt) {
    }

    private final MdmClient client;
    private final String defaultPolicyName;
    private final Duration tokenDuration;

    public MdmOnboarding(@RestClient MdmClient client,
                         @ConfigProperty(name = "provisioning.target.mdm.default-policy-name") String defaultPolicyName,
                         @ConfigProperty(name = "provisioning.target.mdm.token-duration") Duration tokenDuration) {
        this.client = client;
        this.defaultPolicyName = defaultPolicyName;
        this.tokenDuration = tokenDuration;
    }

    /** The organisation with this id or slug; empty when there is none (or the service account may not see it). */
    public Uni<Optional<Organization>> organization(String idOrSlug) {
        return client.organization(idOrSlug)
                .map(answer -> Optional.of(new Organization(answer.path("data").path("id").asText(),
                        answer.path("data").path("slug").asText())))
                .onFailure(e -> code(e) == NOT_FOUND).recoverWithItem(Optional.empty())
                .onFailure().transform(e -> failure("reading organisation " + idOrSlug, e));
    }

    /** The live MDM user with this e-mail (ignoring case), if any. */
    public Uni<Optional<String>> findUser(String organizationId, String email) {
        return client.usersByEmail(organizationId, email)
                .map(answer -> {
                    JsonNode first = answer.path("data").path("items").path(0);
                    return first.hasNonNull("id") ? Optional.of(first.path("id").asText()) : Optional.<String>empty();
                })
                .onFailure().transform(e -> failure("looking up the MDM user " + email, e));
    }

    /**
     * The person's MDM user: the existing one (matched by e-mail) or a new one. A creation refused because the
     * e-mail was taken meanwhile (5048, the service's unique index) is a match too.
     */
    public Uni<MdmUser> ensureUser(String organizationId, String email, String name) {
        return findUser(organizationId, email).chain(found -> {
            if (found.isPresent()) {
                return Uni.createFrom().item(new MdmUser(found.get(), false));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("email", email);
            if (name != null) {
                body.put("name", name);
            }
            return client.createUser(organizationId, body)
                    .map(created -> new MdmUser(created.path("data").path("id").asText(), true))
                    .onFailure(e -> code(e) == USER_EXISTS).recoverWithUni(() -> findUser(organizationId, email)
                            .map(again -> again.map(id -> new MdmUser(id, false)).orElseThrow(() -> new MdmException(
                                    SERVICE + " said the MDM user " + email + " exists, yet it was not found", true, null))))
                    .onFailure().transform(e -> failure("creating the MDM user " + email, e));
        });
    }

    /** The organisation's live policy named {@code provisioning.target.mdm.default-policy-name}, oldest first. */
    public Uni<Optional<String>> defaultPolicy(String organizationId) {
        return policyPage(organizationId, 1);
    }

    private Uni<Optional<String>> policyPage(String organizationId, int page) {
        return client.policies(organizationId, page, POLICY_PAGE, "createdAt:asc")
                .onFailure().transform(e -> failure("listing the policies of organisation " + organizationId, e))
                .chain(answer -> {
                    for (JsonNode policy : answer.path("data").path("items")) {
                        if (defaultPolicyName.equals(policy.path("name").asText())) {
                            return Uni.createFrom().item(Optional.of(policy.path("id").asText()));
                        }
                    }
                    boolean more = answer.path("data").path("hasNextPage").asBoolean(false);
                    return more && page < MAX_POLICY_PAGES ? policyPage(organizationId, page + 1)
                            : Uni.createFrom().item(Optional.<String>empty());
                });
    }

    /** A Windows enrollment token for the user; the same {@code idempotencyKey} always answers the same token. */
    public Uni<EnrollmentToken> createToken(String organizationId, String mdmUserId, Optional<String> policyId,
                                            String displayName, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mdmUserId", mdmUserId);
        body.put("sendEmail", false);
        body.put("duration", tokenDuration.toSeconds());
        if (displayName != null) {
            body.put("displayName", displayName.length() > 128 ? displayName.substring(0, 128) : displayName);
        }
        policyId.ifPresent(id -> body.put("winPolicyId", id));
        return client.createToken(organizationId, idempotencyKey, body)
                .map(answer -> {
                    JsonNode token = answer.path("data");
                    return new EnrollmentToken(token.path("id").asText(), token.path("enrollmentLink").asText(),
                            token.path("enrollCode").asText(), token.path("expireAt").asText(null));
                })
                .onFailure().transform(e -> failure("creating an enrollment token for MDM user " + mdmUserId, e));
    }

    /** Applivery's error code of an HTTP failure, or 0. */
    static int code(Throwable e) {
        if (e instanceof WebApplicationException wae && wae.getResponse() != null) {
            JsonNode body = body(wae);
            return body == null ? 0 : body.path("error").path("code").asInt(0);
        }
        return 0;
    }

    static MdmException failure(String action, Throwable e) {
        if (e instanceof MdmException me) {
            return me;
        }
        if (e instanceof TargetException te) {
            return new MdmException(te.getMessage(), te.isTransient(), te.getCause());
        }
        if (e instanceof WebApplicationException wae && wae.getResponse() != null) {
            int status = wae.getResponse().getStatus();
            JsonNode error = body(wae) == null ? null : body(wae).path("error");
            String reason = error == null || error.isMissingNode() ? ""
                    : ": " + error.path("code").asText("") + " " + error.path("message").asText("");
            boolean transientFailure = status >= 500 || status == 429 || status == 408;
            return new MdmException(SERVICE + " answered HTTP " + status + " while " + action + reason,
                    transientFailure, e);
        }
        TargetException transport = ZitiProvisioningTarget.transport(SERVICE, action, e);
        return new MdmException(transport.getMessage(), transport.isTransient(), e);
    }

    /** The error body, read once and kept by the response (a second read answers the buffered entity). */
    private static JsonNode body(WebApplicationException e) {
        try {
            e.getResponse().bufferEntity();
            return e.getResponse().readEntity(JsonNode.class);
        } catch (RuntimeException ignored) {
            return null;
        }
    }
}
