package org.onboarding.provisioning;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server playing the platform's token endpoint ({@code POST /auth/token}, client credentials, the DEV-ONLY
 * secret) and the part of mdm-enrollment-service onboarding uses, answering like it (Applivery envelopes, 3001,
 * 5048, the {@code Idempotency-Key} replay). Its MDM API only accepts the tokens it issued to
 * {@code provisioning-service}. Steered under {@code /_fake}: {@code org?slug=} creates an organisation (answers its
 * id), {@code user?org=&email=} a pre-existing user, {@code policy?org=&name=} a policy, {@code lose-token-answers?times=}
 * creates the next tokens but answers 503 (the caller never learns), {@code stats?org=} counts users, tokens, token
 * POSTs and issued service tokens.
 */
public class FakeMdmResource extends FakeServer {

    static final String SECRET = "DEV-ONLY-provisioning-secret";

    private final Map<String, JsonObject> orgs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> usersByEmail = new ConcurrentHashMap<>();
    private final Map<String, JsonArray> policies = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> tokensByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tokenCount = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tokenPosts = new ConcurrentHashMap<>();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issuedCount = new AtomicInteger();
    private final AtomicInteger loseAnswers = new AtomicInteger();

    @Override
    protected Map<String, String> config(String base) {
        return Map.of("quarkus.rest-client.mdm.url", base, "provisioning.auth.token-url", base);
    }

    @Override
    protected void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            String method = request.method().name();
            if (path.startsWith("/_fake/")) {
                control(request, path.substring("/_fake/".length()));
                return;
            }
            if (path.equals("/auth/token") && method.equals("POST")) {
                Map<String, String> form = new java.util.HashMap<>();
                for (String pair : body.toString().split("&")) {
                    String[] kv = pair.split("=", 2);
                    form.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                            kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
                }
                if (!"client_credentials".equals(form.get("grant_type")) || !SECRET.equals(form.get("client_secret"))
                        || !Set.of("provisioning-service", "provisioning-service-ziti").contains(form.get("client_id"))) {
                    reply(request, 401, new JsonObject().put("error", "invalid_client"));
                    return;
                }
                String token = form.get("client_id") + "." + UUID.randomUUID();
                issued.add(token);
                issuedCount.incrementAndGet();
                reply(request, 200, new JsonObject().put("access_token", token).put("token_type", "Bearer")
                        .put("expires_in", 3600));
                return;
            }
            String auth = request.getHeader("Authorization");
            if (auth == null || !auth.startsWith("Bearer provisioning-service.")
                    || !issued.contains(auth.substring("Bearer ".length()))) {
                error(request, 401, 4002, "Unauthorized");
                return;
            }
            String[] parts = path.split("/");
            // /v1/organizations/{org}[/mdm/...]
            if (parts.length < 4 || !parts[1].equals("v1") || !parts[2].equals("organizations")) {
                error(request, 404, 1002, "Route not found");
                return;
            }
            JsonObject org = orgs.get(parts[3]);
            if (org == null) {
                org = orgs.values().stream().filter(o -> o.getString("slug").equals(parts[3])).findFirst().orElse(null);
            }
            if (org == null) {
                error(request, 404, 3001, "Entity not found");
                return;
            }
            String rest = path.substring(("/v1/organizations/" + parts[3]).length());
            String orgId = org.getString("id");
            Map<String, String> users = usersByEmail.computeIfAbsent(orgId, k -> new ConcurrentHashMap<>());
            if (rest.isEmpty() && method.equals("GET")) {
                ok(request, org);
            } else if (rest.equals("/mdm/users") && method.equals("GET")) {
                String email = request.getParam("email");
                JsonArray items = new JsonArray();
                String id = email == null ? null : users.get(email.toLowerCase());
                if (id != null) {
                    items.add(new JsonObject().put("id", id).put("email", email));
                }
                ok(request, new JsonObject().put("items", items).put("hasNextPage", false));
            } else if (rest.equals("/mdm/users") && method.equals("POST")) {
                String email = body.toJsonObject().getString("email").toLowerCase();
                String id = hex();
                if (users.putIfAbsent(email, id) != null) {
                    error(request, 400, 5048, "Mdm user already exists");
                } else {
                    ok(request, new JsonObject().put("id", id).put("email", email));
                }
            } else if (rest.equals("/mdm/windows/enterprise/policies") && method.equals("GET")) {
                ok(request, new JsonObject().put("items", policies.getOrDefault(orgId, new JsonArray()))
                        .put("hasNextPage", false));
            } else if (rest.equals("/mdm/windows/enterprise/enrollment-tokens") && method.equals("POST")) {
                tokenPosts.computeIfAbsent(orgId, k -> new AtomicInteger()).incrementAndGet();
                JsonObject wanted = body.toJsonObject();
                if (!users.containsValue(wanted.getString("mdmUserId"))) {
                    error(request, 404, 3001, "Entity not found");
                    return;
                }
                String key = request.getHeader("Idempotency-Key");
                String mapKey = orgId + "|" + (key == null ? UUID.randomUUID() : key);
                JsonObject token = tokensByKey.computeIfAbsent(mapKey, k -> {
                    tokenCount.computeIfAbsent(orgId, o -> new AtomicInteger()).incrementAndGet();
                    String code = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
                    return new JsonObject().put("id", hex()).put("mdmUserId", wanted.getString("mdmUserId"))
                            .put("enrollCode", code).put("enrollmentLink", "https://mdm.test/enroll/windows/" + code)
                            .put("expireAt", "2030-01-01T00:00:00.000Z")
                            .put("winPolicyId", wanted.getString("winPolicyId"))
                            .put("duration", wanted.getValue("duration"));
                });
                if (loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    error(request, 503, 1000, "Internal error");
                    return;
                }
                ok(request, token);
            } else {
                error(request, 404, 1002, "Route not found");
            }
        });
    }

    private void control(HttpServerRequest request, String action) {
        switch (action) {
            case "org" -> {
                String id = hex();
                orgs.put(id, new JsonObject().put("id", id).put("slug", request.getParam("slug")));
                reply(request, 200, new JsonObject().put("id", id));
            }
            case "user" -> {
                String id = hex();
                usersByEmail.computeIfAbsent(request.getParam("org"), k -> new ConcurrentHashMap<>())
                        .put(request.getParam("email").toLowerCase(), id);
                reply(request, 200, new JsonObject().put("id", id));
            }
            case "policy" -> {
                String id = hex();
                policies.computeIfAbsent(request.getParam("org"), k -> new JsonArray())
                        .add(new JsonObject().put("id", id).put("name", request.getParam("name")));
                reply(request, 200, new JsonObject().put("id", id));
            }
            case "lose-token-answers" -> {
                loseAnswers.set(Integer.parseInt(request.getParam("times")));
                reply(request, 200, new JsonObject());
            }
            case "stats" -> {
                String org = request.getParam("org");
                JsonArray tokens = new JsonArray();
                tokensByKey.forEach((k, v) -> {
                    if (k.startsWith(org + "|")) {
                        tokens.add(v);
                    }
                });
                reply(request, 200, new JsonObject()
                        .put("users", usersByEmail.getOrDefault(org, Map.of()).size())
                        .put("tokens", tokenCount.getOrDefault(org, new AtomicInteger()).get())
                        .put("tokenPosts", tokenPosts.getOrDefault(org, new AtomicInteger()).get())
                        .put("serviceTokens", issuedCount.get())
                        .put("tokenList", tokens));
            }
            default -> reply(request, 404, new JsonObject());
        }
    }

    private static String hex() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private static void ok(HttpServerRequest request, JsonObject data) {
        reply(request, 200, new JsonObject().put("status", true).put("data", data));
    }

    private static void error(HttpServerRequest request, int status, int code, String message) {
        reply(request, status, new JsonObject().put("status", false)
                .put("error", new JsonObject().put("code", code).put("message", message)));
    }

    private static void reply(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
