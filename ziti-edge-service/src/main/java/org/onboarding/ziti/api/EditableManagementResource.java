package org.onboarding.ziti.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A {@link CreatingManagementResource} whose entities can also be changed, as upstream changes them: {@code PUT /{id}}
 * replaces every updatable field, {@code PATCH /{id}} only the fields the body names; both answer 200 with the empty
 * envelope.
 */
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public abstract class EditableManagementResource extends CreatingManagementResource {

    protected EditableManagementResource(ManagedCollection collection, String path) {
        super(collection, path);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelopes.Envelope> update(@PathParam("id") String id, String body) {
        return change(id, body, true).replaceWith(Envelopes.empty());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelopes.Envelope> patch(@PathParam("id") String id, String body) {
        return change(id, body, false).replaceWith(Envelopes.empty());
    }

    /** Validates the body (every updatable field when {@code replace}, else those it names) and applies it. */
    protected abstract Uni<Void> change(String id, String body, boolean replace);
}
