package org.onboarding.provisioning.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The default target: identities in ziti-edge-service. An account is an identity of type {@code User}, named by
 * the reserved username, carrying the person's external id, created with a one-time-token enrollment whose JWT
 * goes into the invitation mail.
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
                    JsonNode identity = data.get(0);
                    return Optional.of(new TargetAccount(identity.path("id").asText(), identity.path("name").asText()));
                })
                .onFailure().transform(e -> failure("looking up the identity with external id " + externalId, e));
    }

    @Override
    public Uni<TargetAccount> create(NewAccount account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", account.username());
        body.put("type", "User");
        body.put("isAdmin", false);
        body.put("externalId", account.externalId());
        body.put("enrollment", Map.of("ott", true));
        return client.create(body)
                .map(created -> {
                    String id = created.path("data").path("id").asText(null);
                    if (id == null || id.isEmpty()) {
                        throw new TargetException("ziti-edge-service created identity " + account.username()
                                + " but returned no id", false, null);
                    }
                    return new TargetAccount(id, account.username());
                })
                .onFailure(e -> !(e instanceof TargetException))
                .transform(e -> failure("creating identity " + account.username(), e));
    }

    @Override
    public Uni<Optional<String>> enrollmentToken(String accountId) {
        return client.get(accountId)
                .map(detail -> {
                    JsonNode jwt = detail.path("data").path("enrollment").path("ott").path("jwt");
                    return jwt.isTextual() && !jwt.asText().isEmpty() ? Optional.of(jwt.asText()) : Optional.<String>empty();
                })
                .onFailure().transform(e -> failure("reading identity " + accountId, e));
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
            String reason = zitiErrorMessage(wae);
            boolean transientFailure = status >= 500 || status == 429 || status == 408;
            return new TargetException("ziti-edge-service answered HTTP " + status + " while " + action
                    + (reason == null ? "" : ": " + reason), transientFailure, e);
        }
        if (e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException
                || hasCause(e, java.util.concurrent.TimeoutException.class)) {
            return new TargetException("ziti-edge-service timed out while " + action, true, e);
        }
        if (e instanceof ProcessingException || hasCause(e, ConnectException.class)
                || hasCause(e, java.io.IOException.class)) {
            return new TargetException("ziti-edge-service unreachable while " + action + ": " + rootMessage(e), true, e);
        }
        return new TargetException("unexpected failure while " + action + ": " + rootMessage(e), false, e);
    }

    private static String zitiErrorMessage(WebApplicationException e) {
        try {
            JsonNode body = e.getResponse().readEntity(JsonNode.class);
            JsonNode error = body == null ? null : body.path("error");
            if (error != null && error.has("message")) {
                return error.path("code").asText("") + " " + error.path("message").asText();
            }
        } catch (RuntimeException ignored) {
            // the body is not an OpenZiti error envelope: the status alone says enough
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
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
