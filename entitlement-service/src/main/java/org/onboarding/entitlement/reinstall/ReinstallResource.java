package org.onboarding.entitlement.reinstall;

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
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.security.Caller;
import org.onboarding.entitlement.tenant.TenantRegistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /reinstall}: re-run module tenant installs without flows or entitlement checks. */
@Path("/reinstall")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReinstallResource {

    public record AppReinstallRequestBody(@NotNull UUID tenantId, @NotNull @Size(min = 1) List<@NotNull String> applications) {
    }

    public record ModuleReinstallRequestBody(@NotNull UUID tenantId, @NotNull String applicationId,
                                             @NotNull @Size(min = 1, max = 50) List<@NotNull String> modules) {
    }

    private final ReinstallService service;
    private final TenantRegistry tenants;
    private final Caller caller;

    public ReinstallResource(ReinstallService service, TenantRegistry tenants, Caller caller) {
        this.service = service;
        this.tenants = tenants;
        this.caller = caller;
    }

    @POST
    @Path("/applications")
    public Uni<ReinstallService.ReinstallResult> applications(@Valid @NotNull AppReinstallRequestBody body,
                                                              @QueryParam("tenantParameters") String tenantParameters) {
        caller.requireOperator();
        Map<String, String> parameters = parameters(tenantParameters);
        return caller.checkTenantScope(tenants, body.tenantId())
                .chain(() -> service.reinstallApplications(body.tenantId(), body.applications(), parameters, caller.token()));
    }

    @POST
    @Path("/modules")
    public Uni<ReinstallService.ReinstallResult> modules(@Valid @NotNull ModuleReinstallRequestBody body,
                                                         @QueryParam("tenantParameters") String tenantParameters) {
        caller.requireOperator();
        Map<String, String> parameters = parameters(tenantParameters);
        return caller.checkTenantScope(tenants, body.tenantId())
                .chain(() -> service.reinstallModules(body.tenantId(), body.applicationId(), body.modules(), parameters, caller.token()));
    }

    /** {@code k1=v1,k2=v2} into tenant-API parameters. */
    static Map<String, String> parameters(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw ApiException.invalidArgument("Invalid tenantParameters: " + text);
            }
            result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return result;
    }
}
