package org.onboarding.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A slowloris client: it opens a request head and then trickles header lines, never the blank line that ends the
 * head, until the server closes the connection or {@code giveUp} has passed.
 */
public final class SlowClient {

    private SlowClient() {
    }

    /** Seconds until the server cut the connection, or {@code -1} if it was still open after {@code giveUp}. */
    public static double secondsUntilCut(int port, String path, Duration interval, Duration giveUp) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n").getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            socket.setSoTimeout((int) interval.toMillis());
            while (System.nanoTime() - start < giveUp.toNanos()) {
                try {
                    out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (socket.getInputStream().read() < 0) {
                        return (System.nanoTime() - start) / 1e9;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // no answer yet: one more header line after the interval
                } catch (IOException closed) {
                    return (System.nanoTime() - start) / 1e9;
                }
            }
            return -1;
        }
    }
}
