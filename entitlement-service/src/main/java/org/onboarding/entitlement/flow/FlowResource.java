package org.onboarding.entitlement.flow;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.entitlement.common.Params;
import org.onboarding.entitlement.security.Caller;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /entitlement-flows} and {@code /application-flows}. A caller whose {@code tenants}
 * claim is limited sees only its tenants' flows: lists are filtered, and a flow of another tenant is a 403, as
 * acting on another tenant is for {@code /entitlements}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequiredArgsConstructor
public class FlowResource {

    private final FlowQueries queries;
    private final Caller caller;

    @GET
    @Path("entitlement-flows")
    public Uni<Map<String, Object>> findFlows(@QueryParam("query") String query, @QueryParam("limit") String limit,
                                              @QueryParam("offset") String offset) {
        Params.Page page = readerPage("findFlows", limit, offset);
        return queries.findFlows(query, caller.visibleTenants(), page.limit(), page.offset()).map(p -> p.json("flows"));
    }

    @GET
    @Path("entitlement-flows/{flowId}")
    public Uni<FlowQueries.Flow> getFlow(@PathParam("flowId") String flowId, @QueryParam("includeStages") String includeStages) {
        caller.requireReader();
        return queries.getFlow(Params.uuid("flowId", flowId), Params.bool("includeStages", includeStages))
                .call(flow -> caller.checkTenantScope(flow.tenantId()));
    }

    @GET
    @Path("application-flows")
    public Uni<Map<String, Object>> findApplicationFlows(@QueryParam("query") String query, @QueryParam("limit") String limit,
                                                         @QueryParam("offset") String offset) {
        Params.Page page = readerPage("findApplicationFlows", limit, offset);
        return queries.findApplicationFlows(query, caller.visibleTenants(), page.limit(), page.offset())
                .map(p -> p.json("applicationFlows"));
    }

    @GET
    @Path("application-flows/{applicationFlowId}")
    public Uni<FlowQueries.ApplicationFlow> getApplicationFlow(@PathParam("applicationFlowId") String id,
                                                               @QueryParam("includeStages") String includeStages) {
        caller.requireReader();
        return queries.getApplicationFlow(Params.uuid("applicationFlowId", id), Params.bool("includeStages", includeStages))
                .call(app -> caller.checkTenantScope(app.tenantId()));
    }

    @GET
    @Path("application-flows/{applicationFlowId}/stages")
    public Uni<Map<String, Object>> stages(@PathParam("applicationFlowId") String id) {
        caller.requireReader();
        UUID applicationFlowId = Params.uuid("applicationFlowId", id);
        return ownerInScope(applicationFlowId)
                .chain(visible -> visible ? queries.stagesOf(List.of(applicationFlowId)) : Uni.createFrom().item(List.<FlowQueries.Stage>of()))
                .map(list -> Map.of("totalRecords", list.size(), "stages", list));
    }

    @GET
    @Path("application-flows/{applicationFlowId}/stages/{stageName}")
    public Uni<FlowQueries.Stage> stage(@PathParam("applicationFlowId") String id, @PathParam("stageName") String name) {
        caller.requireReader();
        UUID applicationFlowId = Params.uuid("applicationFlowId", id);
        return ownerInScope(applicationFlowId).chain(visible -> visible ? queries.getStage(applicationFlowId, name)
                : Uni.createFrom().failure(org.onboarding.entitlement.common.ApiException.notFound(
                "Flow stage is not found by id: " + applicationFlowId + " and name: " + name)));
    }

    /** A list's paging, once the caller may read at all (401/403 before any 400 about the paging). */
    private Params.Page readerPage(String operation, String limit, String offset) {
        caller.requireReader();
        return Params.page(operation, limit, offset, true);
    }

    /**
     * Whether a scoped caller may read the stages owned by this id: 403 for another tenant's application flow; an id
     * without an application flow (nothing to attribute to a tenant) shows nothing to a scoped caller.
     */
    private Uni<Boolean> ownerInScope(UUID applicationFlowId) {
        if (caller.allTenants()) {
            return Uni.createFrom().item(true);
        }
        return queries.applicationFlowTenant(applicationFlowId).chain(tenantId -> tenantId == null
                ? Uni.createFrom().item(false)
                : caller.checkTenantScope(tenantId).replaceWith(true));
    }
}
