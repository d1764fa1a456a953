package org.onboarding.provisioning.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default target: identities in ziti-edge-service. An account is an identity of type {@code User}, named by
 * the reserved username, carrying the person's external id, its role ({@code roleAttributes}) and origin
 * ({@code tags}), created with a one-time-token enrollment whose JWT goes into the invitation mail.
 */
@ApplicationScoped
public class ZitiProvisioningTarget implements ProvisioningTarget {

    private final ZitiIdentitiesClient client;

    public ZitiProvisioningTarget(@RestClient ZitiIdentitiesClient client) {
        this.client = client;
    }

    @Override
    public Uni<Optional<TargetAccount>> findByExternalId(String externalId) {
        return client.list("externalId=" + zitiString(externalId), 2)
                .map(page -> {
                    JsonNode data = page.path("data");
                    if (!data.isArray() || data.isEmpty()) {
                        return Optional.<TargetAccount>empty();
                    }
                    return Optional.of(account(data.get(0)));
                })
                .onFailure().transform(e -> failure("looking up the identity with external id " + externalId, e));
    }

    /**
     * One list call for many people: {@code externalId in ["…", …]} (ZitiQL, values quoted and escaped), at most
     * {@link #MAX_LOOKUP} of them. The external id is unique in the target, so the page holds every match.
     */
    @Override
    public Uni<Map<String, TargetAccount>> findByExternalIds(List<String> externalIds) {
        if (externalIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        if (externalIds.size() > MAX_LOOKUP) {
            return Uni.createFrom().failure(new IllegalArgumentException("at most " + MAX_LOOKUP + " external ids per lookup"));
        }
        return client.list(inFilter("externalId", externalIds), externalIds.size())
                .map(page -> {
                    Map<String, TargetAccount> found = new LinkedHashMap<>();
                    page.path("data").forEach(identity -> found.putIfAbsent(identity.path("externalId").asText(),
                            account(identity)));
                    return found;
                })
                .onFailure().transform(e -> failure("looking up " + externalIds.size() + " identities by external id", e));
    }

    /** External ids per list call: the Edge Management API's largest page. */
    public static final int MAX_LOOKUP = 500;

    @Override
    public Uni<TargetAccount> create(NewAccount account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", account.username());
        body.put("type", "User");
        body.put("isAdmin", false);
        body.put("externalId", account.externalId());
        body.put("roleAttributes", account.roleAttributes());
        body.put("tags", account.tags());
        body.put("enrollment", Map.of("ott", true));
        return client.create(body)
                .map(created -> {
                    String id = created.path("data").path("id").asText(null);
                    if (id == null || id.isEmpty()) {
                        throw new TargetException("ziti-edge-service created identity " + account.username()
                                + " but returned no id", false, null);
                    }
                    return new TargetAccount(id, account.username(), account.roleAttributes(), account.tags());
                })
                .onFailure(e -> !(e instanceof TargetException))
                .transform(e -> failure("creating identity " + account.username(), e));
    }

    @Override
    public Uni<Void> update(TargetAccount existing, NewAccount wanted) {
        // the same owned fields as the create, merged with what others set on the identity
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("externalId", wanted.externalId());
        fields.put("roleAttributes", existing.mergedRoleAttributes(wanted));
        fields.put("tags", existing.mergedTags(wanted));
        return client.patch(existing.id(), fields).replaceWithVoid()
                .onFailure().transform(e -> failure("updating identity " + existing.name(), e));
    }

    @Override
    public Uni<Optional<String>> enrollmentToken(String accountId) {
        return client.get(accountId)
                .map(detail -> ottJwt(detail.path("data")))
                .onFailure().transform(e -> failure("reading identity " + accountId, e));
    }

    /**
     * One list call for many identities: {@code id in ["…", …]} (ZitiQL, values quoted and escaped); the Edge
     * Management API lists identities with their details, the outstanding enrollments included. An identity the
     * page does not show (deleted meanwhile) has no entry: the caller reads it on its own, so its failure is its own
     * item's, not the group's. The caller keeps the filter short enough for a URL ({@link #MAX_LOOKUP_CHARS}).
     */
    @Override
    public Uni<Map<String, Optional<String>>> enrollmentTokens(List<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        if (accountIds.size() > MAX_LOOKUP) {
            return Uni.createFrom().failure(new IllegalArgumentException("at most " + MAX_LOOKUP + " identities per read"));
        }
        return client.list(inFilter("id", accountIds), accountIds.size())
                .onFailure().transform(e -> failure("reading " + accountIds.size() + " identities", e))
                .map(page -> {
                    Map<String, Optional<String>> tokens = new LinkedHashMap<>();
                    page.path("data").forEach(identity -> tokens.put(identity.path("id").asText(), ottJwt(identity)));
                    return tokens;
                });
    }

    /** Characters of quoted values per list filter: the filter travels in the URL, which servers cap (4 KiB in Vert.x). */
    public static final int MAX_LOOKUP_CHARS = 1500;

    /** How much of {@link #MAX_LOOKUP_CHARS} a value takes in an {@code in [...]} filter: quotes and comma included. */
    public static int filterChars(String value) {
        return value.length() + 3;
    }

    private static Optional<String> ottJwt(JsonNode identity) {
        JsonNode jwt = identity.path("enrollment").path("ott").path("jwt");
        return jwt.isTextual() && !jwt.asText().isEmpty() ? Optional.of(jwt.asText()) : Optional.empty();
    }

    /** {@code field in ["…", …]}: every value quoted and escaped ({@link #zitiString}). */
    private static String inFilter(String field, List<String> values) {
        StringBuilder filter = new StringBuilder(field).append(" in [");
        for (int i = 0; i < values.size(); i++) {
            filter.append(i == 0 ? "" : ",").append(zitiString(values.get(i)));
        }
        return filter.append(']').toString();
    }

    private static TargetAccount account(JsonNode identity) {
        List<String> roles = new ArrayList<>();
        identity.path("roleAttributes").forEach(r -> roles.add(r.asText()));
        Map<String, Object> tags = new LinkedHashMap<>();
        identity.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(),
                e.getValue().isNull() ? null : e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        return new TargetAccount(identity.path("id").asText(), identity.path("name").asText(), roles, tags);
    }

    /** A ZitiQL string literal: the value is quoted and escaped, never spliced into the filter syntax. */
    static String zitiString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Turns a client failure into a readable, classified {@link TargetException}. */
    static TargetException failure(String action, Throwable e) {
        if (e instanceof TargetException te) {
            return te;
        }
        if (e instanceof WebApplicationException wae && wae.getResponse() != null) {
            int status = wae.getResponse().getStatus();
            JsonNode error = zitiError(wae);
            String reason = null;
            TargetException.Conflict conflict = TargetException.Conflict.NONE;
            if (error != null && error.has("message")) {
                reason = error.path("code").asText("") + " " + error.path("message").asText();
                JsonNode cause = error.path("cause");
                if (cause.hasNonNull("field")) {
                    reason += " (" + cause.path("field").asText() + ": " + cause.path("reason").asText("") + ")";
                }
                conflict = conflict(status, cause);
            }
            boolean transientFailure = status >= 500 || status == 429 || status == 408;
            return new TargetException("ziti-edge-service answered HTTP " + status + " while " + action
                    + (reason == null ? "" : ": " + reason), transientFailure, conflict, e);
        }
        return transport("ziti-edge-service", action, e);
    }

    /** A failure without an HTTP answer: timeouts and unreachable services are transient, the rest is not. */
    public static TargetException transport(String service, String action, Throwable e) {
        if (hasCauseNamed(e, "OidcClientException")) {
            // the token endpoint refused or was unreachable: worth another try, the token may come back
            return new TargetException("no service token for " + service + " while " + action + ": "
                    + rootMessage(e), true, e);
        }
        if (e instanceof TimeoutException || hasCause(e, java.util.concurrent.TimeoutException.class)
                || hasCauseNamed(e, "TimeoutException")) {
            return new TargetException(service + " timed out while " + action, true, e);
        }
        if (e instanceof ProcessingException || hasCause(e, ConnectException.class)
                || hasCause(e, java.io.IOException.class)) {
            return new TargetException(service + " unreachable while " + action + ": " + rootMessage(e), true, e);
        }
        return new TargetException("unexpected failure while " + action + ": " + rootMessage(e), false, e);
    }

    /**
     * ziti-edge-service (like upstream) refuses a taken unique value with 400 {@code COULD_NOT_VALIDATE} and the
     * cause {@code {field: "name"|"externalId", reason: "duplicate value in unique index"}}; a 409 says the same.
     */
    static TargetException.Conflict conflict(int status, JsonNode cause) {
        if ((status != 400 && status != 409) || !cause.path("reason").asText("").contains("duplicate")) {
            return TargetException.Conflict.NONE;
        }
        return switch (cause.path("field").asText("")) {
            case "name" -> TargetException.Conflict.NAME;
            case "externalId" -> TargetException.Conflict.EXTERNAL_ID;
            default -> TargetException.Conflict.NONE;
        };
    }

    private static JsonNode zitiError(WebApplicationException e) {
        try {
            JsonNode body = e.getResponse().readEntity(JsonNode.class);
            return body == null ? null : body.path("error");
        } catch (RuntimeException ignored) {
            // the body is not an OpenZiti error envelope: the status alone says enough
            return null;
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Vert.x signals a read timeout with its own (stackless) TimeoutException types. */
    private static boolean hasCauseNamed(Throwable e, String simpleName) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains(simpleName)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
