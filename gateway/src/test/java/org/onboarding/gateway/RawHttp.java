package org.onboarding.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading an HTTP/1.1 response head off a plain socket, for tests that must write their requests byte for byte. */
public final class RawHttp {

    private RawHttp() {
    }

    /** The status line's code, then the headers (lower-case names) into {@code headers}. */
    public static int head(InputStream in, Map<String, List<String>> headers) throws IOException {
        String statusLine = line(in);
        for (String line; !(line = line(in)).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** A head's headers, in order. */
    public static Map<String, List<String>> headers() {
        return new LinkedHashMap<>();
    }

    /** One line of the head, without its CRLF. */
    public static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
