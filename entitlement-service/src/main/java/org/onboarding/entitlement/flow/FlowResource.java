package org.onboarding.entitlement.flow;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.entitlement.common.Params;
import org.onboarding.entitlement.security.Caller;

import java.util.Map;

/** {@code /entitlement-flows} and {@code /application-flows} (folio.md §2.9–2.14). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class FlowResource {

    private final FlowQueries queries;
    private final Caller caller;

    public FlowResource(FlowQueries queries, Caller caller) {
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Path("entitlement-flows")
    public Uni<Map<String, Object>> findFlows(@QueryParam("query") String query, @QueryParam("limit") String limit,
                                              @QueryParam("offset") String offset) {
        caller.requireReader();
        Params.Page page = Params.page("findFlows", limit, offset, true);
        return queries.findFlows(query, page.limit(), page.offset())
                .map(p -> Map.of("totalRecords", p.total(), "flows", p.items()));
    }

    @GET
    @Path("entitlement-flows/{flowId}")
    public Uni<FlowQueries.Flow> getFlow(@PathParam("flowId") String flowId, @QueryParam("includeStages") String includeStages) {
        caller.requireReader();
        return queries.getFlow(Params.uuid("flowId", flowId), Params.bool("includeStages", includeStages));
    }

    @GET
    @Path("application-flows")
    public Uni<Map<String, Object>> findApplicationFlows(@QueryParam("query") String query, @QueryParam("limit") String limit,
                                                         @QueryParam("offset") String offset) {
        caller.requireReader();
        Params.Page page = Params.page("findApplicationFlows", limit, offset, true);
        return queries.findApplicationFlows(query, page.limit(), page.offset())
                .map(p -> Map.of("totalRecords", p.total(), "applicationFlows", p.items()));
    }

    @GET
    @Path("application-flows/{applicationFlowId}")
    public Uni<FlowQueries.ApplicationFlow> getApplicationFlow(@PathParam("applicationFlowId") String id,
                                                               @QueryParam("includeStages") String includeStages) {
        caller.requireReader();
        return queries.getApplicationFlow(Params.uuid("applicationFlowId", id), Params.bool("includeStages", includeStages));
    }

    @GET
    @Path("application-flows/{applicationFlowId}/stages")
    public Uni<Map<String, Object>> stages(@PathParam("applicationFlowId") String id) {
        caller.requireReader();
        return queries.stagesOf(java.util.List.of(Params.uuid("applicationFlowId", id)))
                .map(list -> Map.of("totalRecords", list.size(), "stages", list));
    }

    @GET
    @Path("application-flows/{applicationFlowId}/stages/{stageName}")
    public Uni<FlowQueries.Stage> stage(@PathParam("applicationFlowId") String id, @PathParam("stageName") String name) {
        caller.requireReader();
        return queries.getStage(Params.uuid("applicationFlowId", id), name);
    }
}
