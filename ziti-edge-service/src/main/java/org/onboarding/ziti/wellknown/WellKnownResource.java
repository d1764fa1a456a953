package org.onboarding.ziti.wellknown;

import lombok.RequiredArgsConstructor;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /.well-known/est/cacerts} (upstream {@code listWellKnownCas}): no authentication, the CA bundle as a
 * base64 PKCS#7 with {@code application/pkcs7-mime}. Served where upstream serves it: at the root (where SDKs look,
 * next to the JWT's {@code iss}) and under both API bases, whose specs declare it.
 */
@Path("/")
@PermitAll
@RequiredArgsConstructor
public class WellKnownResource {

    static final String PKCS7_MIME = "application/pkcs7-mime";

    private final CaBundle bundle;

    @GET
    @Path(".well-known/est/cacerts")
    public Response cacerts() {
        // no @Produces: upstream answers whatever the Accept header says, so a client asking for JSON gets no 406
        return Response.ok(bundle.pkcs7Base64(), PKCS7_MIME).header("Content-Transfer-Encoding", "base64").build();
    }

    @GET
    @Path("edge/client/v1/.well-known/est/cacerts")
    public Response clientApiCacerts() {
        return cacerts();
    }

    @GET
    @Path("edge/management/v1/.well-known/est/cacerts")
    public Response managementApiCacerts() {
        return cacerts();
    }
}
