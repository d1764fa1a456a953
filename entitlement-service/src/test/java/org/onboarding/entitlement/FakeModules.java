package org.onboarding.entitlement;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP servers standing in for FOLIO modules: every tenant-API call ({@code /<module>/_/tenant...}) is recorded in
 * arrival order with its method, path, tenant header and body; a module can be told to answer 500 for its next N calls.
 */
public final class FakeModules implements AutoCloseable {

    /** One tenant-API call: {@code endpoint} is the path below the module, e.g. {@code /_/tenant/disable}. */
    public record Call(String module, String tenant, String body, String method, String endpoint) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failingPurges = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> heldPurges = new ConcurrentHashMap<>();
    private final Map<String, Rendezvous> rendezvous = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    public FakeModules() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String module = path.substring(1, path.indexOf('/', 1));
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            calls.add(new Call(module, exchange.getRequestHeaders().getFirst("x-okapi-tenant"), body,
                    exchange.getRequestMethod(), path.substring(module.length() + 1)));
            boolean purge = body.contains("\"purge\":true");
            CountDownLatch hold = purge && heldPurges.containsKey(module) ? heldPurges.remove(module) : holds.remove(module);
            if (hold != null) {
                try {
                    hold.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Rendezvous meeting = rendezvous.remove(module);
            if (meeting != null) {
                meeting.arrive();
            }
            AtomicInteger failing = failures.get(module);
            int status = (failing != null && failing.getAndDecrement() > 0) || (purge && failingPurges.containsKey(module)) ? 500 : 204;
            if (status == 500) {
                byte[] error = "{\"errors\":[{\"message\":\"boom\"}]}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, error.length);
                exchange.getResponseBody().write(error);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.setExecutor(executor);   // a held module must not hold up the others
        server.start();
    }

    public String location(String module) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + module;
    }

    public void failNext(String module, int times) {
        failures.put(module, new AtomicInteger(times));
    }

    /** The module's next call is answered only once the returned latch is released (a slow module). */
    public CountDownLatch hold(String module) {
        CountDownLatch latch = new CountDownLatch(1);
        holds.put(module, latch);
        return latch;
    }

    /** The module's next purge call ({@code "purge":true}) is answered only once the returned latch is released. */
    public CountDownLatch holdPurge(String module) {
        CountDownLatch latch = new CountDownLatch(1);
        heldPurges.put(module, latch);
        return latch;
    }

    /** Every purge call ({@code "purge":true}) to the module is answered 500. */
    public void failPurges(String module) {
        failingPurges.put(module, true);
    }

    /**
     * The first calls to these modules are each held until all of them have arrived, or until 3 s have passed (less
     * than the service's read timeout in tests), so a test fails rather than hangs when they come one after another.
     */
    public Rendezvous meet(String... modules) {
        Rendezvous meeting = new Rendezvous(modules.length);
        for (String module : modules) {
            rendezvous.put(module, meeting);
        }
        return meeting;
    }

    /** Whether every party of a {@link #meet} arrived while the others were still held. */
    public static final class Rendezvous {
        private final CountDownLatch arrivals;
        private final java.util.concurrent.atomic.AtomicBoolean allMet = new java.util.concurrent.atomic.AtomicBoolean(true);

        Rendezvous(int parties) {
            arrivals = new CountDownLatch(parties);
        }

        void arrive() {
            arrivals.countDown();
            try {
                if (!arrivals.await(3, TimeUnit.SECONDS)) {
                    allMet.set(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                allMet.set(false);
            }
        }

        public boolean met() {
            return arrivals.getCount() == 0 && allMet.get();
        }
    }

    public List<Call> callsFor(String tenant) {
        return calls.stream().filter(c -> tenant.equals(c.tenant())).toList();
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        heldPurges.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }
}
