package org.onboarding.ziti.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.signing.ZitiConfig;
import io.vertx.core.http.HttpServerRequest;
import org.onboarding.ziti.ca.CaCertificates;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The client certificate chain a request presents (client certificate first, then whatever intermediates came
 * with it). On a TLS connection to this service it is the chain of the TLS handshake and the forwarding header is
 * ignored (a client could set it). On plain HTTP it is the URL-encoded PEM a TLS-terminating proxy put in the
 * configured header. Empty when there is none or it cannot be parsed.
 */
@ApplicationScoped
public class ClientCertificates {

    private final String forwardingHeader;

    public ClientCertificates(ZitiConfig config) {
        this.forwardingHeader = config.clientCertHeader();
    }

    public List<X509Certificate> presented(HttpServerRequest request) {
        if (request.isSSL()) {
            return handshake(request.sslSession());
        }
        String forwarded = request.getHeader(forwardingHeader);
        if (forwarded == null || forwarded.isBlank()) {
            return List.of();
        }
        try {
            return CaCertificates.parse(URLDecoder.decode(forwarded, StandardCharsets.UTF_8));
        } catch (CaCertificates.InvalidCertificateException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static List<X509Certificate> handshake(SSLSession session) {
        if (session == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
