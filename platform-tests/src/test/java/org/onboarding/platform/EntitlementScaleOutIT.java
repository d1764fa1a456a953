package org.onboarding.platform;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.onboarding.testsupport.TestTokens;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of entitlement-service on one database: an async flow whose instance is killed mid-flow does not stay
 * in progress; the other instance fails it within the lease, and the same request sent again then succeeds. Either
 * instance answers the same.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EntitlementScaleOutIT {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    private static ServiceInstances entitlement;
    private static HttpServer modules;
    private static final ExecutorService executor = Executors.newCachedThreadPool();
    /** While set, a module's {@code _tenant} call is answered only once it is released (a slow module). */
    private static final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private static final AtomicInteger tenantCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        modules = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        modules.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            tenantCalls.incrementAndGet();
            CountDownLatch held = hold.get();
            if (held != null) {
                try {
                    held.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        modules.setExecutor(executor);
        modules.start();
        entitlement = ServiceInstances.start("entitlement-service", "entitlement_scale", 2, Map.of(
                "ENTITLEMENT_FLOW_LEASE", LEASE.toMillis() + "ms",
                "ENTITLEMENT_FLOW_HEARTBEAT", HEARTBEAT.toMillis() + "ms",
                "ENTITLEMENT_RETRIES_MODULE_BACKOFF_DELAY", "10"));
    }

    @AfterAll
    static void stop() {
        CountDownLatch held = hold.getAndSet(null);
        if (held != null) {
            held.countDown();
        }
        if (entitlement != null) {
            entitlement.close();
        }
        if (modules != null) {
            modules.stop(0);
        }
        executor.shutdownNow();
    }

    private static RequestSpecification on(int instance) {
        return RestAssured.given().baseUri(entitlement.url(instance)).header("x-okapi-token", TestTokens.admin())
                .contentType(ContentType.JSON);
    }

    private static String tenant(int instance, String name) {
        return on(instance).body(Map.of("name", name, "description", "scale-out"))
                .post("/tenants").then().statusCode(201).extract().path("id");
    }

    /** Registers application {@code name-1.0.0} of one module whose {@code _tenant} is our stub. */
    private static String application(int instance, String name) {
        String moduleId = name + "-mod-1.0.0";
        on(instance).body(Map.of("name", name, "version", "1.0.0", "description", name,
                        "modules", List.of(Map.of("id", moduleId, "name", name + "-mod", "version", "1.0.0")),
                        "moduleDescriptors", List.of(Map.of("id", moduleId, "provides", List.of(Map.of("id", "_tenant",
                                "version", "2.0", "interfaceType", "system"))))))
                .post("/applications").then().statusCode(201);
        on(instance).body(Map.of("discovery", List.of(Map.of("id", moduleId,
                        "location", "http://127.0.0.1:" + modules.getAddress().getPort() + "/" + moduleId))))
                .post("/modules/discovery").then().statusCode(201);
        return name + "-1.0.0";
    }

    @Test
    @Order(1)
    void tenantsAndEntitlementsWrittenOnOneInstanceReadTheSameOnTheOther() {
        String name = "spread" + System.nanoTime();
        String tenantId = tenant(0, name);
        on(1).get("/tenants/{id}", tenantId).then().statusCode(200).body("name", equalTo(name));
        on(1).body(Map.of("id", tenantId, "name", name, "description", "changed on 1")).put("/tenants/{id}", tenantId)
                .then().statusCode(200);
        on(0).get("/tenants/{id}", tenantId).then().statusCode(200).body("description", equalTo("changed on 1"));
        // the same name on the other instance: refused by the database
        on(1).body(Map.of("name", name, "description", "twin")).post("/tenants").then().statusCode(409);

        String app = application(1, "spreadapp" + System.nanoTime());
        on(0).body(Map.of("tenantId", tenantId, "applications", List.of(app))).post("/entitlements")
                .then().statusCode(201);
        for (int i = 0; i < 2; i++) {
            on(i).queryParam("query", "tenantId==" + tenantId).get("/entitlements").then().statusCode(200)
                    .body("totalRecords", equalTo(1)).body("entitlements[0].applicationId", equalTo(app));
        }
        on(1).body(Map.of("tenantId", tenantId, "applications", List.of(app))).delete("/entitlements")
                .then().statusCode(200);
        on(0).queryParam("query", "tenantId==" + tenantId).get("/entitlements").then().statusCode(200)
                .body("totalRecords", equalTo(0));
    }

    @Test
    @Order(2)   // kills instance 0: last
    void anAsyncFlowWhoseInstanceIsKilledIsFailedByTheOtherAndARetrySucceeds() throws Exception {
        String tenantId = tenant(1, "killed" + System.nanoTime());
        String app = application(1, "killedapp" + System.nanoTime());
        hold.set(new CountDownLatch(1));
        int callsBefore = tenantCalls.get();
        String flowId = on(0).body(Map.of("tenantId", tenantId, "applications", List.of(app)))
                .post("/entitlements?async=true").then().statusCode(201).extract().path("flowId");
        // the flow is inside the module's _tenant call when its instance dies
        ServiceInstances.awaitUntil(Duration.ofSeconds(30), () -> tenantCalls.get() > callsBefore);
        on(1).get("/entitlement-flows/{id}", flowId).then().statusCode(200).body("status", equalTo("in_progress"));
        entitlement.kill(0);
        long killedAt = System.nanoTime();

        ServiceInstances.awaitUntil(Duration.ofSeconds(30), () -> !"in_progress".equals(
                on(1).get("/entitlement-flows/{id}", flowId).then().statusCode(200).extract().path("status")));
        Duration ended = Duration.ofNanos(System.nanoTime() - killedAt);
        assertTrue(ended.compareTo(LEASE.plus(HEARTBEAT).plus(Duration.ofSeconds(3))) <= 0,
                "the lost flow ended " + ended + " after the kill, lease " + LEASE);
        on(1).get("/entitlement-flows/{id}?includeStages=true", flowId).then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("applicationFlows[0].status", equalTo("failed"));
        String appFlowId = on(1).queryParam("query", "flowId==" + flowId).get("/application-flows").then()
                .statusCode(200).extract().path("applicationFlows[0].id");
        on(1).get("/application-flows/{id}?includeStages=true", appFlowId).then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("stages.find { it.status == 'failed' }.name", equalTo(app.replace("-1.0.0", "-mod-1.0.0")
                        + "-folioModuleInstaller"))
                .body("stages.find { it.status == 'failed' }.errorType", equalTo("FlowInterruptedException"));
        assertTrue(entitlement.log(1).contains("the instance running it stopped renewing its lease"));

        // the same request again, on the live instance, with the module answering: it runs and entitles
        hold.getAndSet(null).countDown();
        String retry = on(1).body(Map.of("tenantId", tenantId, "applications", List.of(app))).post("/entitlements")
                .then().statusCode(201).extract().path("flowId");
        on(1).get("/entitlement-flows/{id}", retry).then().statusCode(200).body("status", equalTo("finished"));
        on(1).queryParam("query", "tenantId==" + tenantId).get("/entitlements").then().statusCode(200)
                .body("entitlements.applicationId", hasItem(app));
    }
}
