package org.onboarding.entitlement.reinstall;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.entitlement.common.Params;
import org.onboarding.entitlement.security.Caller;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /reinstall}: re-run module tenant installs without flows or entitlement checks. */
@Path("/reinstall")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiredArgsConstructor
public class ReinstallResource {

    public record AppReinstallRequestBody(@NotNull UUID tenantId, @NotNull @Size(min = 1) List<@NotNull String> applications) {
    }

    public record ModuleReinstallRequestBody(@NotNull UUID tenantId, @NotNull String applicationId,
                                             @NotNull @Size(min = 1, max = 50) List<@NotNull String> modules) {
    }

    private final ReinstallService service;
    private final Caller caller;

    @POST
    @Path("/applications")
    public Uni<ReinstallService.ReinstallResult> applications(@Valid @NotNull AppReinstallRequestBody body,
                                                              @QueryParam("tenantParameters") String tenantParameters) {
        return operatorOnTenant(body.tenantId(), tenantParameters, parameters ->
                service.reinstallApplications(body.tenantId(), body.applications(), parameters, caller.token()));
    }

    @POST
    @Path("/modules")
    public Uni<ReinstallService.ReinstallResult> modules(@Valid @NotNull ModuleReinstallRequestBody body,
                                                         @QueryParam("tenantParameters") String tenantParameters) {
        return operatorOnTenant(body.tenantId(), tenantParameters, parameters ->
                service.reinstallModules(body.tenantId(), body.applicationId(), body.modules(), parameters, caller.token()));
    }

    /** An operator acting on a tenant it may act on, with the request's tenant-API parameters. */
    private Uni<ReinstallService.ReinstallResult> operatorOnTenant(UUID tenantId, String tenantParameters,
            java.util.function.Function<Map<String, String>, Uni<ReinstallService.ReinstallResult>> reinstall) {
        caller.requireOperator();
        Map<String, String> parameters = Params.tenantParameters(tenantParameters);
        return caller.checkTenantScope(tenantId).chain(() -> reinstall.apply(parameters));
    }
}
