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

/**
 * {@code POST /enroll?method=&token=} at the root: where SDKs enroll (the JWT's {@code iss} resolved against
 * {@code /enroll}). The client API's generic enroll, unchanged.
 */
@Path("/enroll")
@RequiredArgsConstructor
public class EnrollRootResource {

    private final ClientEnrollResource clientEnroll;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> enroll(@QueryParam("method") String method, @QueryParam("token") String token,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @HeaderParam(HttpHeaders.ACCEPT) String accept, @Context HttpServerRequest request,
                                String raw) {
        return clientEnroll.enroll(method, token, contentType, accept, request, raw);
    }
}
