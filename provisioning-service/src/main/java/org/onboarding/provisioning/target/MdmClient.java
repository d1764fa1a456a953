package org.onboarding.provisioning.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The part of mdm-enrollment-service's API that onboarding uses, with the service account's token (OIDC client
 * {@code mdm}). Answers are Applivery envelopes ({@code {status, data}}) read as trees. Connect/read timeouts come
 * from {@code quarkus.rest-client.mdm.*}; {@link Timeout} bounds each call; reads, and the token creation (which
 * its {@code Idempotency-Key} makes safe to repeat), are retried once on a connection failure, the item's own
 * backoff handles the rest.
 */
@RegisterRestClient(configKey = "mdm")
@OidcClientFilter("mdm")
@Path("/v1/organizations/{organization}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface MdmClient {

    @GET
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, retryOn = jakarta.ws.rs.ProcessingException.class)
    Uni<JsonNode> organization(@PathParam("organization") String organization);

    @GET
    @Path("/mdm/users")
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, retryOn = jakarta.ws.rs.ProcessingException.class)
    Uni<JsonNode> usersByEmail(@PathParam("organization") String organization, @QueryParam("email") String email);

    @POST
    @Path("/mdm/users")
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    Uni<JsonNode> createUser(@PathParam("organization") String organization, Map<String, Object> user);

    @GET
    @Path("/mdm/windows/enterprise/policies")
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, retryOn = jakarta.ws.rs.ProcessingException.class)
    Uni<JsonNode> policies(@PathParam("organization") String organization, @QueryParam("page") int page,
                           @QueryParam("limit") int limit, @QueryParam("sort") String sort);

    @POST
    @Path("/mdm/windows/enterprise/enrollment-tokens")
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, retryOn = jakarta.ws.rs.ProcessingException.class)
    Uni<JsonNode> createToken(@PathParam("organization") String organization,
                              @HeaderParam("Idempotency-Key") String idempotencyKey, Map<String, Object> token);
}
