package org.onboarding.gateway;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.SlowClient;
import org.onboarding.testsupport.TestTokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slow and greedy clients, on the connection itself (connection/ClientConnectionGuard). */
@QuarkusTest
@TestProfile(ClientConnectionsTest.SmallLimits.class)
class ClientConnectionsTest {

    private static final int CAP = 8;

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void aClientTricklingItsHeadersIsCutOffAtTheHeaderTimeout() throws Exception {
        // a header line every half second, never the blank line that ends the head
        double seconds = SlowClient.secondsUntilCut(gateway.getPort(), "/entitlements", Duration.ofMillis(500),
                Duration.ofSeconds(10));
        assertTrue(seconds >= 0, "still open after 10 s of trickling");
        assertTrue(seconds >= 1.5 && seconds < 4, "cut after " + seconds + " s, the header timeout is 2 s");
        // a kept-alive connection may wait longer than that between requests: the timeout is for a head under way
        try (Socket socket = new Socket("127.0.0.1", gateway.getPort())) {
            socket.setSoTimeout(10_000);
            assertEquals(200, get(socket, false));
            Thread.sleep(3_000);
            assertEquals(200, get(socket, true));
        }
    }

    @Test
    void oneAddressGetsAtMostItsShareOfConnections() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                open.add(connect("127.0.0.9"));
            }
            Thread.sleep(200);
            Socket extra = connect("127.0.0.9");
            open.add(extra);
            extra.setSoTimeout(5_000);
            int read;
            try {
                read = extra.getInputStream().read();
            } catch (IOException reset) {
                read = -1;
            }
            assertEquals(-1, read, "the connection over the cap is closed at once");
            // the ones within the cap are served, and other addresses are not affected
            open.get(0).setSoTimeout(10_000);
            assertEquals(200, get(open.get(0), true));
            try (Socket other = connect("127.0.0.10")) {
                other.setSoTimeout(10_000);
                assertEquals(200, get(other, true));
            }
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        Thread.sleep(300);
        try (Socket again = connect("127.0.0.9")) {
            again.setSoTimeout(10_000);
            assertEquals(200, get(again, true), "closed connections free their places");
        }
    }

    private Socket connect(String fromAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(fromAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.getPort()), 5_000);
        return socket;
    }

    /** GET /entitlements with a token on the socket; the status. Reads the whole (Content-Length framed) answer. */
    private static int get(Socket socket, boolean close) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /entitlements HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestTokens.admin() + "\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        Map<String, List<String>> headers = RawHttp.headers();
        int status = RawHttp.head(in, headers);
        in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", List.of("0")).get(0)));
        return status;
    }

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.clients.header-timeout", "2s",
                    "gateway.clients.max-connections-per-address", Integer.toString(CAP));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UpstreamServers.class));
        }
    }
}
