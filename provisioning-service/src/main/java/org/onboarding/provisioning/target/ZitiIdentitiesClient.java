package org.onboarding.provisioning.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.Map;

/**
 * The identities part of the OpenZiti Edge Management API, as ziti-edge-service serves it. Responses are the
 * OpenZiti envelopes ({@code {data, meta}}), read as trees: only a few fields matter here.
 * The connect and read timeouts of {@code quarkus.rest-client.ziti.*} bound each call, and nothing else wraps it: a
 * fault-tolerance {@code @Timeout} here cost a timer task and a context switch per call, on the run's hottest path
 * (README "Runs: writes per chunk"), for a bound the read timeout already gives. The service account's token (OIDC client {@code ziti}, client credentials) goes as {@code Authorization: Bearer}.
 */
@RegisterRestClient(configKey = "ziti")
@OidcClientFilter("ziti")
@Path("/identities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface ZitiIdentitiesClient {

    @GET
    Uni<JsonNode> list(@QueryParam("filter") String filter, @QueryParam("limit") int limit);

    @POST
    Uni<JsonNode> create(Map<String, Object> identity);

    /** Upstream's {@code patchIdentity}: only the fields present change. */
    @PATCH
    @Path("/{id}")
    Uni<JsonNode> patch(@PathParam("id") String id, Map<String, Object> fields);

    @GET
    @Path("/{id}")
    Uni<JsonNode> get(@PathParam("id") String id);
}
