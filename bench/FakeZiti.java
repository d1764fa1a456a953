import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast stand-in for the three Edge Management calls provisioning-service makes, so that a provisioning benchmark
 * measures the run itself and not ziti-edge-service: every external id is new (lookup finds nothing), creates
 * answer an id at once, and every identity has an OTT enrollment JWT. Benchmark use only.
 *
 *   java bench/FakeZiti.java 8095
 */
public final class FakeZiti {

    private static final AtomicLong IDS = new AtomicLong();

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8095;
        // without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms a call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/edge/management/v1/identities", FakeZiti::identities);
        server.start();
        System.out.println("fake ziti on 127.0.0.1:" + port);
    }

    private static void identities(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if ("POST".equals(method)) {
            answer(exchange, 201, "{\"data\":{\"id\":\"fake" + IDS.incrementAndGet()
                    + "\",\"_links\":{}},\"meta\":{}}");
        } else if (path.endsWith("/identities")) {
            answer(exchange, 200, "{\"data\":[],\"meta\":{\"pagination\":{\"limit\":1,\"offset\":0,\"totalCount\":0},"
                    + "\"filterableFields\":[]}}");
        } else {
            String id = path.substring(path.lastIndexOf('/') + 1);
            answer(exchange, 200, "{\"data\":{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"enrollment\":{\"ott\":"
                    + "{\"id\":\"e" + id + "\",\"jwt\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.c2ln\"}}},\"meta\":{}}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
