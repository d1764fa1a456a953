package org.onboarding.gateway.route;

import io.vertx.core.MultiMap;

/**
 * Header hygiene at the proxy boundary. It runs on every proxied exchange, so it works on the header maps in place:
 * no regex, no formatting, nothing allocated unless a header actually has to be parsed.
 */
final class UpstreamHeaders {

    static final String CONNECTION = "Connection";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    /**
     * Hop-by-hop headers (RFC 9110 7.6.1) on the way back. HttpProxy 4.5 drops them from requests but only
     * {@code Transfer-Encoding} from responses.
     */
    private static final String[] RESPONSE_HOP_BY_HOP = {CONNECTION, "Keep-Alive", "Proxy-Authenticate",
            "Proxy-Authorization", "TE", "Trailer", "Upgrade"};

    private UpstreamHeaders() {
    }

    /**
     * Removes the headers that a {@code Connection} header names: they are meant for this hop only. Call it before
     * the gateway sets its own headers, so that naming e.g. {@code X-Forwarded-For} cannot strip what we add.
     */
    static void dropConnectionNamed(MultiMap headers) {
        String first = headers.get(CONNECTION);
        if (first == null) {
            return;
        }
        if (isPlain(first)) {
            // the usual "keep-alive" / "close" names no other header; a second Connection header after it is not
            // looked at (it could only hide a header the client could as well have left out)
            return;
        }
        for (String value : headers.getAll(CONNECTION)) {
            dropNamed(headers, value);
        }
    }

    /** Strips hop-by-hop headers, including those the upstream's {@code Connection} header names, from a response. */
    static void dropHopByHop(MultiMap headers) {
        if (headers.contains(CONNECTION)) {
            dropConnectionNamed(headers);
        }
        for (String name : RESPONSE_HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    /**
     * The {@code X-Forwarded-*} an upstream sees. {@code X-Forwarded-For} gets the client's address appended;
     * {@code -Proto} and {@code -Host} keep an incoming value only when the ingress in front is trusted to set them
     * (it overwrites whatever the client sent), otherwise they describe the connection the gateway accepted.
     */
    static void forwarded(MultiMap headers, String clientIp, String scheme, Object authority, boolean trustIngress) {
        String previous = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, previous == null || previous.isBlank() ? clientIp : previous + ", " + clientIp);
        if (!trustIngress || !headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, scheme);
        }
        if (!trustIngress || !headers.contains(X_FORWARDED_HOST)) {
            if (authority != null) {
                headers.set(X_FORWARDED_HOST, authority.toString());
            } else {
                headers.remove(X_FORWARDED_HOST);
            }
        }
    }

    /**
     * True for the response headers the gateway does not copy from the upstream's response to the client's: the
     * fixed hop-by-hop names of {@link #dropHopByHop}, the framing (the gateway frames its own response) and the
     * upstream's {@code X-Request-Id} (the client has the gateway's). By length first: this runs for every header
     * of every response.
     */
    static boolean isNotRelayed(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("TE");
            case 7 -> name.equalsIgnoreCase("Trailer") || name.equalsIgnoreCase("Upgrade");
            case 10 -> name.equalsIgnoreCase(CONNECTION) || name.equalsIgnoreCase("Keep-Alive");
            case 12 -> name.equalsIgnoreCase(UpstreamErrors.REQUEST_ID);
            case 14 -> name.equalsIgnoreCase("Content-Length");
            case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
            case 18 -> name.equalsIgnoreCase("Proxy-Authenticate");
            case 19 -> name.equalsIgnoreCase("Proxy-Authorization");
            default -> false;
        };
    }

    private static boolean isPlain(String value) {
        return value.equalsIgnoreCase("keep-alive") || value.equalsIgnoreCase("close");
    }

    /** Removes each comma-separated header name in {@code value}, except the message framing. */
    private static void dropNamed(MultiMap headers, String value) {
        int length = value.length();
        int start = 0;
        while (start < length) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            String name = value.substring(start, end).trim();
            if (!name.isEmpty() && !name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")
                    && !name.equalsIgnoreCase("close")) {
                headers.remove(name);
            }
            start = end + 1;
        }
    }
}
