package org.onboarding.ziti.apisession;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.ErrorCode;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.JsonBody;
import org.onboarding.ziti.signing.ZitiConfig;

import org.onboarding.ziti.signing.EdgeCa;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.net.URLDecoder;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /edge/client/v1/authenticate?method=password|cert}: creates an API session and answers
 * {@code currentApiSessionDetailEnvelope} with the token also in the {@code zt-session} response header.
 * {@code cert} reads the client certificate the TLS-terminating proxy forwards in {@code ziti.client-cert-header}.
 */
@Path("/edge/client/v1/authenticate")
@Produces(MediaType.APPLICATION_JSON)
public class AuthenticateResource {

    static final List<String> METHODS = List.of("password", "cert", "ext-jwt");

    private final ApiSessionService apiSessions;
    private final ZitiConfig config;

    public AuthenticateResource(ApiSessionService apiSessions, ZitiConfig config) {
        this.apiSessions = apiSessions;
        this.config = config;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Uni<Response> authenticate(@QueryParam("method") String method, @Context HttpServerRequest request,
                                      String raw) {
        if (method == null || method.isEmpty()) {
            throw ApiException.couldNotValidate("method", "method in query is required", null);
        }
        if (!METHODS.contains(method)) {
            throw ApiException.couldNotValidate("method", "method in query should be one of [password cert ext-jwt]",
                    method);
        }
        String ip = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        Uni<Map<String, Object>> created;
        switch (method) {
            case "password" -> {
                JsonBody body = JsonBody.parse("auth", raw);
                String password = body.string("password");
                String username = body.string("username");
                if (password == null || username == null) {
                    throw ApiSessionService.invalidAuth();
                }
                created = apiSessions.authenticatePassword(username, password, ip);
            }
            case "cert" -> created = apiSessions.authenticateCert(clientCertificate(request), ip);
            default -> throw new ApiException(ErrorCode.INVALID_AUTH_METHOD, null);
        }
        return created.map(detail -> Response.ok(Envelopes.detail(detail))
                .header("zt-session", detail.get("token"))
                .header("expiration-seconds", detail.get("expirationSeconds"))
                .header("expires-at", detail.get("expiresAt"))
                .build());
    }

    /**
     * On the HTTPS listener: the certificate the client presented in the TLS handshake (the header is ignored there,
     * so no client can claim a certificate it does not hold the key of). On plain HTTP behind a TLS-terminating
     * proxy: the certificate the proxy forwards in the configured header.
     */
    private String clientCertificate(HttpServerRequest request) {
        if (request.isSSL()) {
            return tlsClientCertificate(request);
        }
        String forwarded = request.getHeader(config.clientCertHeader());
        if (forwarded == null || forwarded.isBlank()) {
            return null;
        }
        try {
            return URLDecoder.decode(forwarded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String tlsClientCertificate(HttpServerRequest request) {
        SSLSession session = request.sslSession();
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? EdgeCa.pem(leaf) : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no certificate presented
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
