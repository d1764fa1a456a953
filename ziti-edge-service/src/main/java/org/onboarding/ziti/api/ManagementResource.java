package org.onboarding.ziti.api;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The endpoints every management collection shares: {@code GET /}, {@code GET /{id}}, {@code DELETE /{id}}. Upstream
 * requires admin access for all of them, so this class carries the role itself and a subclass cannot lose it;
 * {@code ManagementAuthTest} checks each collection.
 */
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@RequiredArgsConstructor
public abstract class ManagementResource<C extends ManagedCollection> {

    protected final C collection;

    @GET
    public Uni<Envelopes.Envelope> list(@BeanParam ListParams params) {
        return collection.list(params);
    }

    @GET
    @Path("/{id}")
    public Uni<Envelopes.Envelope> detail(@PathParam("id") String id) {
        return collection.detail(id);
    }

    /** Dependants go with it by FK cascade (a service its sessions, an identity its enrollments, ...). */
    @DELETE
    @Path("/{id}")
    public Uni<Envelopes.Envelope> delete(@PathParam("id") String id) {
        return collection.delete(id);
    }
}
