package org.onboarding.mdm.windows.management;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.mdm.windows.WindowsMdmConfig;
import org.onboarding.mdm.windows.ca.MdmCertificates;
import org.onboarding.mdm.windows.enrollment.EnrollmentUrls;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * OMA-DM management endpoint. The client certificate comes from this server's own TLS session when it terminates
 * TLS, else from the trusted ingress header (URL-encoded PEM, as nginx's {@code $ssl_client_escaped_cert}).
 */
@Path(EnrollmentUrls.MANAGEMENT)
@RequiredArgsConstructor
public class ManagementResource {

    private final ManagementService service;
    private final WindowsMdmConfig config;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> session(@Context HttpServerRequest request, byte[] body) {
        return service.session(clientCertificate(request), body);
    }

    private X509Certificate clientCertificate(HttpServerRequest request) {
        if (request.isSSL()) {
            try {
                Certificate[] chain = request.sslSession() == null ? null : request.sslSession().getPeerCertificates();
                if (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
                    return certificate;
                }
            } catch (SSLPeerUnverifiedException e) {
                // no client certificate on this connection: fall through to the header, if trusted
            }
        }
        if (!config.clientCertHeader().trusted()) {
            return null;
        }
        String header = request.getHeader(config.clientCertHeader().name());
        if (header == null || header.isBlank() || header.length() > 16384) {
            return null;
        }
        try {
            return MdmCertificates.parseCertificate(URLDecoder.decode(header.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
