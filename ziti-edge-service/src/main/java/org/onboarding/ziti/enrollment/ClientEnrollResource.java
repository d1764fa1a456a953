package org.onboarding.ziti.enrollment;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.JsonBody;
import org.onboarding.ziti.auth.ClientCertificates;
import org.onboarding.ziti.ca.CaEnrollment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Client API enrollment completion (no authentication: the one-time token is the credential).
 * {@code POST /enroll/updb?token=} {@code {password}} → empty envelope; {@code POST /enroll/ott?token=} with the CSR as
 * {@code application/x-pem-file} (or JSON {@code {clientCsr, token?}}) → the signed client certificate.
 */
@Path("/edge/client/v1/enroll")
@RequiredArgsConstructor
public class ClientEnrollResource {

    static final String PEM = "application/x-pem-file";

    private final EnrollmentCompletion completion;
    private final CaEnrollment caEnrollment;
    private final ClientCertificates certificates;

    @POST
    @Path("/updb")
    @Consumes(MediaType.APPLICATION_JSON)
    @jakarta.ws.rs.Produces(MediaType.APPLICATION_JSON)
    public Uni<Envelopes.Envelope> updb(@QueryParam("token") String token, String raw) {
        String checked = token(token);
        JsonBody body = JsonBody.parse("updbCredentials", raw);
        String password = body.string("password");
        body.string("username"); // accepted for compatibility; the username is the one the enrollment was made with
        JsonBody.required("password", password);
        if (password.length() < 5 || password.length() > 100) {
            throw ApiException.couldNotValidate("password", "password in body should be "
                    + (password.length() < 5 ? "at least 5" : "at most 100") + " chars long", "");
        }
        return completion.completeUpdb(checked, password).replaceWith(Envelopes.empty());
    }

    /**
     * Answers upstream's {@code enrollmentCertsEnvelope} ({@code cert} = client certificate followed by the edge CA);
     * a caller that accepts only {@code application/x-pem-file} gets the bare PEM chain instead.
     */
    @POST
    @Path("/ott")
    @Consumes({PEM, "application/pkcs10", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Uni<Response> ott(@QueryParam("token") String token, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                             @HeaderParam(HttpHeaders.ACCEPT) String accept, String raw) {
        String csr;
        String tokenValue = token;
        if (contentType != null && contentType.toLowerCase().startsWith(MediaType.APPLICATION_JSON)) {
            JsonBody body = JsonBody.parse("ottEnrollmentRequest", raw);
            csr = body.string("clientCsr");
            String bodyToken = body.string("token");
            if (tokenValue == null || tokenValue.isEmpty()) {
                tokenValue = bodyToken;
            }
        } else {
            csr = raw;
        }
        String checked = token(tokenValue);
        boolean pemOnly = accept != null && accept.contains(PEM) && !accept.contains(MediaType.APPLICATION_JSON);
        return completion.completeOtt(checked, csr).map(certPem -> {
            String chain = certPem + completion.caPem();
            if (pemOnly) {
                return Response.ok(chain, PEM).build();
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("cert", chain);
            return Response.ok(new Envelopes.Envelope(data, Map.of()), MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    /**
     * {@code enrollOttCa}: the credential is the client certificate the request presents (TLS handshake, or the
     * proxy's forwarding header on plain HTTP), issued by the enrollment's CA; no CSR. The token comes from the query
     * or from a JSON body {@code {token}}; any other body (SDKs send an empty text/plain one) is ignored.
     */
    @POST
    @Path("/ottca")
    @Consumes(MediaType.WILDCARD)
    @jakarta.ws.rs.Produces(MediaType.APPLICATION_JSON)
    public Uni<Envelopes.Envelope> ottca(@QueryParam("token") String token,
                                         @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                         @Context HttpServerRequest request, String raw) {
        String tokenValue = token;
        if ((tokenValue == null || tokenValue.isEmpty()) && contentType != null
                && contentType.toLowerCase().startsWith(MediaType.APPLICATION_JSON)) {
            tokenValue = JsonBody.parse("ottEnrollmentRequest", raw).string("token");
        }
        String checked = token(tokenValue);
        return completion.completeOttca(checked, certificates.presented(request))
                .replaceWith(Envelopes.empty());
    }

    /**
     * {@code enrollCa}: auto-CA enrollment without a token; the identity is created from the presented certificate
     * of a verified CA that has auto-enrollment on (a first certificate login does the same).
     */
    @POST
    @Path("/ca")
    @Consumes(MediaType.WILDCARD)
    @jakarta.ws.rs.Produces(MediaType.APPLICATION_JSON)
    public Uni<Envelopes.Envelope> ca(@Context HttpServerRequest request) {
        return caEnrollment.enroll(certificates.presented(request))
                .replaceWith(Envelopes.empty());
    }

    /**
     * Upstream's generic {@code enroll} ({@code POST /enroll?method=&token=}, also at the root {@code /enroll}): the
     * same completion as the per-method route; {@code method} defaults to {@code ott} as upstream. The OTT CSR comes
     * as PEM ({@code application/x-pem-file}, {@code text/plain}, ...) or as JSON {@code {clientCsr}}; the answer
     * follows {@code Accept} as on {@code /enroll/ott}.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> enroll(@QueryParam("method") String method, @QueryParam("token") String token,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @HeaderParam(HttpHeaders.ACCEPT) String accept, @Context HttpServerRequest request,
                                String raw) {
        String chosen = method == null || method.isEmpty() ? "ott" : method;
        return switch (chosen) {
            case "ott" -> ott(token, contentType, accept, raw);
            case "updb" -> json(updb(token, raw));
            case "ottca" -> json(ottca(token, contentType, request, raw));
            case "ca" -> json(ca(request));
            default -> throw ApiException.couldNotValidate("method",
                    "method in query should be one of [ott ottca ca updb]", chosen);
        };
    }

    private static Uni<Response> json(Uni<Envelopes.Envelope> envelope) {
        return envelope.map(e -> Response.ok(e, MediaType.APPLICATION_JSON_TYPE).build());
    }

    /** The query parameter {@code token} is a required UUID (swagger {@code format: uuid}). */
    static String token(String token) {
        if (token == null || token.isEmpty()) {
            throw ApiException.couldNotValidate("token", "token in query is required", null);
        }
        try {
            UUID parsed = UUID.fromString(token);
            if (!parsed.toString().equalsIgnoreCase(token)) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.couldNotValidate("token", "token in query must be of type uuid: \"" + token + "\"", token);
        }
        return token.toLowerCase();
    }
}
