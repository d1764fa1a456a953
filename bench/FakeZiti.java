import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fast stand-in for the Edge Management calls provisioning-service makes, so that a provisioning benchmark
 * measures the run itself and not ziti-edge-service: every external id is new (a lookup by external id finds
 * nothing), creates answer an id at once, and every identity created has an OTT enrollment JWT, in its detail and in
 * a list by id ({@code filter=id in ["…", …]}, as the run reads the tokens of many identities at once). Benchmark
 * use only.
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
            // by id: the identities this fake created; by external id: none (every person is new)
            StringBuilder data = new StringBuilder();
            String filter = filter(exchange.getRequestURI().getRawQuery());
            int count = 0;
            if (filter.startsWith("id in [")) {
                Matcher value = QUOTED.matcher(filter);
                while (value.find()) {
                    if (created(value.group(1))) {
                        data.append(count++ == 0 ? "" : ",").append(identity(value.group(1)));
                    }
                }
            }
            answer(exchange, 200, "{\"data\":[" + data + "],\"meta\":{\"pagination\":{\"limit\":" + Math.max(1, count)
                    + ",\"offset\":0,\"totalCount\":" + count + "},\"filterableFields\":[]}}");
        } else {
            String id = path.substring(path.lastIndexOf('/') + 1);
            if (created(id)) {
                answer(exchange, 200, "{\"data\":" + identity(id) + ",\"meta\":{}}");
            } else {
                answer(exchange, 404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"The resource requested was not "
                        + "found or is no longer available\"},\"meta\":{}}");
            }
        }
    }

    private static final Pattern QUOTED = Pattern.compile("\"([^\"\\\\]*)\"");

    private static String filter(String rawQuery) {
        if (rawQuery != null) {
            for (String parameter : rawQuery.split("&")) {
                if (parameter.startsWith("filter=")) {
                    return URLDecoder.decode(parameter.substring("filter=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return "";
    }

    private static boolean created(String id) {
        try {
            return id.startsWith("fake") && Long.parseLong(id.substring(4)) <= IDS.get();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String identity(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"enrollment\":{\"ott\":"
                + "{\"id\":\"e" + id + "\",\"jwt\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.c2ln\"}}}";
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
