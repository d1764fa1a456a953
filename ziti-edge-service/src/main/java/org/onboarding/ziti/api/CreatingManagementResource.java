package org.onboarding.ziti.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A {@link ManagementResource} whose create is a service call: {@code POST /} with a JSON body answers 201 with the
 * create envelope of the new id.
 */
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public abstract class CreatingManagementResource extends ManagementResource<ManagedCollection> {

    private final String path;

    /** @param path the collection's path segment, for the new entity's self link */
    protected CreatingManagementResource(ManagedCollection collection, String path) {
        super(collection);
        this.path = path;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        return insert(body).map(id -> Envelopes.createdResponse(id, path));
    }

    /** Validates the body and creates the entity; yields its id. */
    protected abstract Uni<String> insert(String body);
}
