package org.onboarding.provisioning;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server speaking the identities part of the OpenZiti Edge Management API (the envelopes
 * {@code {data, meta}}), recording every create. Tests steer it over HTTP under {@code /_fake} (the server runs
 * outside the application's class loader): {@code down} answers 503 to everything, {@code hold?after=N} keeps the
 * answers to creates beyond the N-th waiting, {@code drop-held} closes those connections unanswered — the identity
 * exists, the caller never learns it, as when the caller crashes ({@code stats} counts the held creates whose
 * connection closed, by the caller's timeout or by drop-held); {@code seed} adds an identity that existed before
 * (optionally hidden from the next lookup: created "meanwhile"); {@code reject?prefix=} refuses creates with a 400
 * validation error; {@code vanish?externalId=} deletes that identity right after its create is answered (deleted
 * meanwhile); {@code slow?prefix=&ms=&times=} answers creates late, {@code slow-lists?ms=&times=} lists by id; {@code stats} counts per external-id
 * prefix the identities created, the POSTs and the PATCHes, and in all the identities read one by one and the lists
 * by id (and those of more than one id that missed some).
 */
public class FakeZitiResource extends FakeServer {

    /** ziti-edge-service's {@code ErrorCode.COULD_NOT_VALIDATE} message. */
    private static final String COULD_NOT_VALIDATE =
            "The supplied request contains an invalid document or no valid accept content were available, see cause";

    private static final Pattern EXTERNAL_ID_IN = Pattern.compile("externalId\\s+in\\s*\\[(.*)\\]");
    private static final Pattern ID_IN = Pattern.compile("^\\s*id\\s+in\\s*\\[(.*)\\]");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern EXTERNAL_ID = Pattern.compile("externalId\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, JsonObject> identities = new ConcurrentHashMap<>();
    private final Map<String, String> byExternalId = new ConcurrentHashMap<>();
    private final Map<String, String> byName = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
    private final List<HttpServerRequest> held = new ArrayList<>();
    private final AtomicInteger createCount = new AtomicInteger();
    /** Held creates whose connection closed (the caller gave up waiting, or drop-held). */
    private final AtomicInteger heldGivenUp = new AtomicInteger();
    /** Identities read one by one ({@code GET /identities/{id}}), and lists by id. */
    private final AtomicInteger detailReads = new AtomicInteger();
    private final AtomicInteger listReads = new AtomicInteger();
    /** Lists by id that asked for more than one identity and did not find them all. */
    private final AtomicInteger groupedListsWithMiss = new AtomicInteger();
    /** External ids whose identity is deleted right after its create is answered. */
    private final java.util.Set<String> vanishing = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> patches = new ConcurrentHashMap<>();
    private final java.util.Set<String> hiddenOnce = ConcurrentHashMap.newKeySet();
    private volatile String rejectPrefix;
    private volatile String slowPrefix;
    private volatile long slowMillis;
    private volatile int slowTimes;
    private volatile long slowListMillis;
    private volatile int slowListTimes;
    private volatile boolean down;
    private volatile int holdAfter = Integer.MAX_VALUE;

    @Override
    protected Map<String, String> config(String base) {
        return Map.of("quarkus.rest-client.ziti.url", base + "/edge/management/v1");
    }

    @Override
    protected void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            try {
                if (path.startsWith("/_fake/")) {
                    control(request, path.substring("/_fake/".length()));
                } else if (down) {
                    error(request, 503, "SERVICE_UNAVAILABLE", "the controller is unavailable");
                } else if (path.equals("/edge/management/v1/identities") && request.method().name().equals("GET")) {
                    list(request);
                } else if (path.equals("/edge/management/v1/identities") && request.method().name().equals("POST")) {
                    create(request, body.toJsonObject());
                } else if (path.startsWith("/edge/management/v1/identities/") && request.method().name().equals("GET")) {
                    detail(request, path.substring("/edge/management/v1/identities/".length()));
                } else if (path.startsWith("/edge/management/v1/identities/") && request.method().name().equals("PATCH")) {
                    patch(request, path.substring("/edge/management/v1/identities/".length()), body.toJsonObject());
                } else {
                    error(request, 404, "NOT_FOUND", "The resource requested was not found or is no longer available");
                }
            } catch (RuntimeException e) {
                error(request, 400, "COULD_NOT_PARSE_BODY", String.valueOf(e.getMessage()));
            }
        });
    }

    private void list(HttpServerRequest request) {
        String filter = request.getParam("filter", "");
        Matcher byId = ID_IN.matcher(filter);
        if (byId.find()) { // id in ["…", …] (the run reads the enrollments of many identities at once)
            listReads.incrementAndGet();
            JsonArray data = new JsonArray();
            Matcher value = QUOTED.matcher(byId.group(1));
            int asked = 0;
            while (value.find()) {
                asked++;
                JsonObject identity = identities.get(value.group(1).replaceAll("\\\\(.)", "$1"));
                if (identity != null) {
                    data.add(identity);
                }
            }
            if (asked > 1 && data.size() < asked) {
                groupedListsWithMiss.incrementAndGet();
            }
            if (slowListTimes > 0) {
                slowListTimes--;
                vertx.setTimer(slowListMillis, t -> listPage(request, data));
                return;
            }
            listPage(request, data);
            return;
        }
        // externalId = "…" or externalId in ["…", "…"] (the run's lookup of a whole chunk)
        List<String> wanted = new ArrayList<>();
        Matcher in = EXTERNAL_ID_IN.matcher(filter);
        if (in.find()) {
            Matcher value = QUOTED.matcher(in.group(1));
            while (value.find()) {
                wanted.add(value.group(1).replaceAll("\\\\(.)", "$1"));
            }
        } else {
            Matcher m = EXTERNAL_ID.matcher(filter);
            if (m.find()) {
                wanted.add(m.group(1).replaceAll("\\\\(.)", "$1"));
            }
        }
        JsonArray data = new JsonArray();
        for (String externalId : wanted) {
            String id = byExternalId.get(externalId);
            if (id != null && hiddenOnce.remove(id)) {
                id = null; // created "meanwhile": the caller's lookup comes just before it
            }
            if (id != null) {
                data.add(identities.get(id));
            }
        }
        listPage(request, data);
    }

    private static void listPage(HttpServerRequest request, JsonArray data) {
        reply(request, 200, new JsonObject().put("data", data).put("meta", new JsonObject()
                .put("pagination", new JsonObject().put("limit", 10).put("offset", 0).put("totalCount", data.size()))
                .put("filterableFields", new JsonArray().add("id").add("name").add("externalId"))));
    }

    /**
     * Like ziti-edge-service's {@code IdentityService.create}: a taken name or external id is refused with 400
     * {@code COULD_NOT_VALIDATE} and the cause {@code {field, reason: "duplicate value in unique index", value}}.
     */
    private synchronized void create(HttpServerRequest request, JsonObject body) {
        String name = body.getString("name");
        String externalId = body.getString("externalId");
        if (externalId != null) {
            posts.computeIfAbsent(externalId, k -> new AtomicInteger()).incrementAndGet();
        }
        if (name == null || !"User".equals(body.getString("type")) || body.getJsonObject("enrollment") == null
                || !Boolean.TRUE.equals(body.getJsonObject("enrollment").getBoolean("ott"))) {
            error(request, 400, "COULD_NOT_VALIDATE", "name, type User and enrollment.ott are required");
            return;
        }
        if (rejectPrefix != null && externalId != null && externalId.startsWith(rejectPrefix)) {
            error(request, 400, "COULD_NOT_VALIDATE", COULD_NOT_VALIDATE, fieldCause("roleAttributes",
                    "invalid role attribute", String.valueOf(body.getValue("roleAttributes"))));
            return;
        }
        if (byName.containsKey(name)) {
            error(request, 400, "COULD_NOT_VALIDATE", COULD_NOT_VALIDATE,
                    fieldCause("name", "duplicate value in unique index", name));
            return;
        }
        if (externalId != null && byExternalId.containsKey(externalId)) {
            error(request, 400, "COULD_NOT_VALIDATE", COULD_NOT_VALIDATE,
                    fieldCause("externalId", "duplicate value in unique index", externalId));
            return;
        }
        String id = store(name, externalId, body.getJsonArray("roleAttributes", new JsonArray()),
                body.getJsonObject("tags", new JsonObject()));
        if (externalId != null) {
            creates.computeIfAbsent(externalId, k -> new AtomicInteger()).incrementAndGet();
        }
        JsonObject answer = new JsonObject().put("data", new JsonObject().put("id", id)
                .put("_links", new JsonObject().put("self", new JsonObject().put("href", "./identities/" + id))))
                .put("meta", new JsonObject());
        if (externalId != null && vanishing.remove(externalId)) { // deleted meanwhile, by someone else
            identities.remove(id);
            byName.remove(name);
            byExternalId.remove(externalId);
        }
        if (createCount.incrementAndGet() > holdAfter) {
            held.add(request); // created, but the answer waits
            request.connection().closeHandler(closed -> heldGivenUp.incrementAndGet()); // the caller timed out
            return;
        }
        if (slowPrefix != null && externalId != null && externalId.startsWith(slowPrefix) && slowTimes > 0) {
            slowTimes--;
            vertx.setTimer(slowMillis, t -> reply(request, 201, answer)); // created, the answer comes too late
            return;
        }
        reply(request, 201, answer);
    }

    private String store(String name, String externalId, JsonArray roleAttributes, JsonObject tags) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String jwt = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"RS256\"}".getBytes()) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"sub\":\"" + id + "\",\"em\":\"ott\"}").getBytes())
                + ".signature";
        JsonObject identity = new JsonObject().put("id", id).put("name", name).put("type", new JsonObject().put("name", "User"))
                .put("isAdmin", false).put("externalId", externalId)
                .put("roleAttributes", roleAttributes).put("tags", tags)
                .put("enrollment", new JsonObject().put("ott", new JsonObject().put("id", "e" + id).put("jwt", jwt)))
                .put("_links", new JsonObject().put("self", new JsonObject().put("href", "./identities/" + id)));
        identities.put(id, identity);
        byName.put(name, id);
        if (externalId != null) {
            byExternalId.put(externalId, id);
        }
        return id;
    }

    /** Upstream's {@code patchIdentity}: the fields sent replace the stored ones. */
    private synchronized void patch(HttpServerRequest request, String id, JsonObject body) {
        JsonObject identity = identities.get(id);
        if (identity == null) {
            error(request, 404, "NOT_FOUND", "The resource requested was not found or is no longer available");
            return;
        }
        for (String field : List.of("roleAttributes", "tags", "externalId", "name")) {
            if (body.containsKey(field)) {
                identity.put(field, body.getValue(field));
            }
        }
        String externalId = identity.getString("externalId");
        if (externalId != null) {
            patches.computeIfAbsent(externalId, k -> new AtomicInteger()).incrementAndGet();
        }
        reply(request, 200, new JsonObject().put("data", new JsonObject()).put("meta", new JsonObject()));
    }

    private void detail(HttpServerRequest request, String id) {
        detailReads.incrementAndGet();
        JsonObject identity = identities.get(id);
        if (identity == null) {
            error(request, 404, "NOT_FOUND", "The resource requested was not found or is no longer available");
            return;
        }
        reply(request, 200, new JsonObject().put("data", identity).put("meta", new JsonObject()));
    }

    private synchronized void control(HttpServerRequest request, String action) {
        switch (action) {
            case "down" -> down = Boolean.parseBoolean(request.getParam("value", "true"));
            case "seed" -> { // an identity that exists before the run, optionally hidden from the next lookup
                String id = store(request.getParam("name"), request.getParam("externalId"),
                        new JsonArray().add("legacy-role"), new JsonObject().put("source", "legacy"));
                if (Boolean.parseBoolean(request.getParam("hideOnce", "false"))) {
                    hiddenOnce.add(id);
                }
                reply(request, 200, identities.get(id));
                return;
            }
            case "reject" -> rejectPrefix = request.getParam("prefix");
            case "vanish" -> vanishing.add(request.getParam("externalId"));
            case "slow-lists" -> {
                slowListMillis = Long.parseLong(request.getParam("ms"));
                slowListTimes = Integer.parseInt(request.getParam("times", "1"));
            }
            case "slow" -> {
                slowPrefix = request.getParam("prefix");
                slowMillis = Long.parseLong(request.getParam("ms"));
                slowTimes = Integer.parseInt(request.getParam("times", "1"));
            }
            case "hold" -> {
                holdAfter = createCount.get() + Integer.parseInt(request.getParam("after"));
            }
            case "drop-held" -> {
                holdAfter = Integer.MAX_VALUE;
                held.forEach(r -> r.connection().close());
                held.clear();
            }
            case "stats" -> {
                String prefix = request.getParam("prefix", "");
                int total = 0;
                int distinct = 0;
                JsonArray duplicates = new JsonArray();
                for (var entry : creates.entrySet()) {
                    if (entry.getKey().startsWith(prefix)) {
                        total += entry.getValue().get();
                        distinct++;
                        if (entry.getValue().get() > 1) {
                            duplicates.add(entry.getKey());
                        }
                    }
                }
                reply(request, 200, new JsonObject().put("creates", total).put("distinct", distinct)
                        .put("posts", sum(posts, prefix)).put("patches", sum(patches, prefix))
                        .put("duplicates", duplicates).put("held", held.size()).put("heldGivenUp", heldGivenUp.get())
                        .put("detailReads", detailReads.get()).put("listReads", listReads.get())
                        .put("groupedListsWithMiss", groupedListsWithMiss.get()));
                return;
            }
            default -> {
                error(request, 404, "NOT_FOUND", action);
                return;
            }
        }
        reply(request, 200, new JsonObject().put("ok", true).put("held", held.size()));
    }

    private static int sum(Map<String, AtomicInteger> counts, String prefix) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().get()).sum();
    }

    private static JsonObject fieldCause(String field, String reason, String value) {
        return new JsonObject().put("field", field).put("reason", reason).put("value", value);
    }

    private static void error(HttpServerRequest request, int status, String code, String message) {
        error(request, status, code, message, null);
    }

    private static void error(HttpServerRequest request, int status, String code, String message, JsonObject cause) {
        JsonObject error = new JsonObject().put("code", code).put("message", message);
        if (cause != null) {
            error.put("cause", cause);
        }
        reply(request, status, new JsonObject().put("error", error
                .put("requestId", UUID.randomUUID().toString())).put("meta", new JsonObject()
                .put("apiEnrollmentVersion", "0.0.1").put("apiVersion", "0.0.1")));
    }

    private static void reply(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
