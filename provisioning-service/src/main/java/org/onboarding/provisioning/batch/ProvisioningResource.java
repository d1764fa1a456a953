package org.onboarding.provisioning.batch;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.onboarding.provisioning.api.Paging;
import org.onboarding.provisioning.api.Params;
import org.onboarding.provisioning.api.Problems;
import org.onboarding.provisioning.item.ItemCursor;
import org.onboarding.provisioning.item.ItemInput;
import org.onboarding.provisioning.item.ItemQuery;
import org.onboarding.provisioning.item.ItemInputs;
import org.onboarding.provisioning.item.ProvStatus;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.run.BatchRunner;
import org.onboarding.provisioning.username.UsernameService;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The six routes of the Provisioning Service contract under {@code /provisioning} (each once, unlike the seed's
 * doubled router) plus the items import and the batch detail. Parameters arrive as text and are validated here the
 * way FastAPI would, so every bad value is a 422 in FastAPI's shape rather than a framework default.
 */
@Path("/provisioning")
@Tag(name = "provisioning")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", ref = "NotAuthenticated")
@APIResponse(responseCode = "403", ref = "NotEnoughPermissions")
@APIResponse(responseCode = "422", ref = "ValidationFailed")
@RequiredArgsConstructor
public class ProvisioningResource {

    private final BatchService batches;
    private final BatchRunner runner;
    private final UsernameService usernames;
    private final JsonWebToken caller;

    @POST
    @Path("/batches")
    @RolesAllowed({"operator", "admin"})
    @Operation(summary = "Create Batch")
    @APIResponse(responseCode = "413", ref = "TooManyItems")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BatchCreateRequest.class)))
    @APIResponse(responseCode = "200", description = "The batch (the existing one when this source was already used)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BatchView.class)))
    public Uni<BatchView> createBatch(
            @Parameter(description = "The caller's establishment; the mdm target's organisation is the one with this "
                    + "slug unless the body names mdm_organization") @HeaderParam("X-Etab") String establishment,
            String body) {
        Problems problems = Problems.collect();
        String etab = establishment == null || establishment.isBlank() ? null
                : Params.storableText(problems, List.of("header", "X-Etab"), establishment.strip());
        if (etab != null && etab.length() > 255) {
            problems.stringTooLong(List.of("header", "X-Etab"), etab, 255);
        }
        problems.throwIfAny();
        return batches.create(Params.jsonBody(body), caller.getSubject(), etab);
    }

    @GET
    @Path("/batches")
    @RolesAllowed({"viewer", "operator", "admin"})
    @Operation(summary = "List Batches")
    @APIResponse(responseCode = "200", description = "Batches, newest first", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = BatchView.class)))
    public Uni<List<BatchView>> listBatches(@BeanParam Paging paging) {
        Problems problems = Problems.collect();
        Paging.Page page = paging.parse(problems);
        problems.throwIfAny();
        return batches.list(page.skip(), page.limit());
    }

    @GET
    @Path("/batches/{batch_id}")
    @RolesAllowed({"viewer", "operator", "admin"})
    @Operation(summary = "Get Batch", description = "One batch with its per-status counts (not in the origin's "
            + "contract, which has only the list).")
    @APIResponse(responseCode = "200", description = "The batch", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "404", ref = "BatchNotFound")
    public Uni<BatchView> getBatch(
            @PathParam("batch_id") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String batchId) {
        UUID id = batchId(batchId);
        return batches.get(id);
    }

    @GET
    @Path("/batches/{batch_id}/items")
    @RolesAllowed({"viewer", "operator", "admin"})
    @Operation(summary = "List Batch Items", description = "Items in batch order. Offset paging (skip, limit) as in "
            + "the contract; for walking a large batch, keyset paging: a full page carries the next page's address "
            + "in a Link header (rel=\"next\") and its cursor in X-Next-Cursor; send it back as ?cursor= (with the "
            + "same limit and filters, without skip). A keyset page costs the same at any depth.")
    @APIResponse(responseCode = "404", ref = "BatchNotFound")
    @APIResponse(responseCode = "200", description = "Items in batch order", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ProvisioningItem.class)),
            headers = {
                    @Header(name = ItemPages.LINK, description = "On a full page: <?cursor=…>; rel=\"next\", the "
                            + "next page relative to this request", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = ItemPages.NEXT_CURSOR, description = "On a full page: the cursor of the next page",
                            schema = @Schema(type = SchemaType.STRING))})
    public Uni<RestResponse<List<ProvisioningItem>>> listBatchItems(
            @PathParam("batch_id") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String batchId,
            @BeanParam Paging paging,
            @QueryParam("prov_status") @Parameter(schema = @Schema(implementation = ProvStatus.class))
            String provStatus,
            @QueryParam("domain") String domain,
            @QueryParam("cursor") @Parameter(description = "Keyset paging: the X-Next-Cursor of the previous page "
                    + "(not combined with skip)") String cursor,
            @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        // a bare "?cursor" is an empty cursor, refused: taken for none it would restart the walk at the first page
        cursor = cursor == null && uri.getQueryParameters().containsKey("cursor") ? "" : cursor;
        Problems problems = Problems.collect();
        UUID id = Params.uuid(problems, List.of("path", "batch_id"), batchId);
        Paging.Page page = paging.parse(problems);
        Optional<ProvStatus> status = Optional.ofNullable(provStatus).flatMap(ProvStatus::fromApiName);
        if (provStatus != null && status.isEmpty()) {
            problems.enumValue(List.of("query", "prov_status"), provStatus, ProvStatus.apiNames());
        }
        domain = Params.storableText(problems, List.of("query", "domain"), domain);
        ItemCursor after = ItemPages.cursor(problems, cursor, page);
        problems.throwIfAny();
        ItemQuery query = new ItemQuery(id, status.orElse(null), domain == null || domain.isBlank() ? null : domain,
                after, after == null ? page.skip() : 0, page.limit());
        return batches.items(query).map(items -> ItemPages.response(query, items));
    }

    @POST
    @Path("/batches/{batch_id}/run")
    @RolesAllowed({"operator", "admin"})
    @Operation(summary = "Run Batch", description = "Starts provisioning in the background and answers at once with "
            + "{batch_id, enqueued, status}. dry_run=true computes usernames and create/update decisions and writes "
            + "nothing; retry_failed_only=true processes only the items in ERROR.")
    @APIResponse(responseCode = "404", ref = "BatchNotFound")
    @APIResponse(responseCode = "200", description = "{batch_id, enqueued, status, run_id | already_running}; a dry "
            + "run adds items[]", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Map<String, Object>> runBatch(
            @PathParam("batch_id") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String batchId,
            @QueryParam("dry_run") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            String dryRun,
            @QueryParam("retry_failed_only") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN,
                    defaultValue = "false"))
            String retryFailedOnly) {
        Problems problems = Problems.collect();
        UUID id = Params.uuid(problems, List.of("path", "batch_id"), batchId);
        boolean dry = Params.bool(problems, List.of("query", "dry_run"), dryRun);
        boolean failedOnly = Params.bool(problems, List.of("query", "retry_failed_only"), retryFailedOnly);
        problems.throwIfAny();
        return runner.run(id, failedOnly, dry);
    }

    @POST
    @Path("/generate-username")
    @RolesAllowed({"viewer", "operator", "admin"})
    @Operation(summary = "Generate Username", description = "Proposes a username in the format "
            + "firstname.lastname001 (email is the fallback); nothing is reserved.")
    @APIResponse(responseCode = "200", description = "{username}", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Map<String, String>> generateUsername(
            @QueryParam("firstname") @Parameter(required = true) String firstname,
            @QueryParam("lastname") @Parameter(required = true) String lastname,
            @QueryParam("email") String email,
            @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        // FastAPI keeps blank values: "?lastname=" (or a bare "?lastname") is "", not missing
        var query = uri.getQueryParameters();
        firstname = firstname == null && query.containsKey("firstname") ? "" : firstname;
        lastname = lastname == null && query.containsKey("lastname") ? "" : lastname;
        Problems problems = Problems.collect();
        if (firstname == null) {
            problems.missing(List.of("query", "firstname"));
        }
        if (lastname == null) {
            problems.missing(List.of("query", "lastname"));
        }
        firstname = Params.storableText(problems, List.of("query", "firstname"), firstname);
        lastname = Params.storableText(problems, List.of("query", "lastname"), lastname);
        email = Params.storableText(problems, List.of("query", "email"), email);
        problems.throwIfAny();
        return usernames.propose(firstname, lastname, email).map(name -> Map.of("username", name));
    }

    @POST
    @Path("/batches/{batch_id}/test-items")
    @RolesAllowed({"operator", "admin"})
    @Operation(summary = "Add Test Items", description = "Adds one item from a free object (for tests only).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", ref = "BatchNotFound")
    @APIResponse(responseCode = "200", description = "The item", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProvisioningItem.class)))
    public Uni<ProvisioningItem> addTestItems(
            @PathParam("batch_id") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String batchId,
            String body) {
        UUID id = batchId(batchId);
        return batches.addTestItem(id, Params.jsonBody(body));
    }

    @POST
    @Path("/batches/{batch_id}/items/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"operator", "admin"})
    @Operation(summary = "Import Items (JSON array)", description = "All rows or none: any invalid row gives a 422 "
            + "listing every problem, located as [\"body\", <index>, <field>].")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ItemInput.class)))
    @APIResponse(responseCode = "404", ref = "BatchNotFound")
    @APIResponse(responseCode = "413", ref = "TooManyItems")
    @APIResponse(responseCode = "200", description = "{imported, already_present}", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Map<String, Object>> importJson(
            @PathParam("batch_id") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String batchId,
            String body) {
        UUID id = batchId(batchId);
        Problems problems = Problems.collect();
        List<ItemInput> inputs = ItemInputs.fromJsonArray(problems, List.of("body"), Params.jsonBody(body));
        problems.throwIfAny();
        return batches.importItems(id, inputs);
    }

    @POST
    @Path("/batches/{batch_id}/items/import")
    @Consumes("text/csv")
    @RolesAllowed({"operator", "admin"})
    @Operation(summary = "Import Items (CSV)", description = "UTF-8 CSV with a header row (identity_id, domain, "
            + "establishment_id, external_id required; firstname, lastname, email, role_principal_code optional), "
            + "comma or semicolon separated. All rows or none; errors are located as [\"body\", <line>, <column>].")
    @APIResponse(responseCode = "404", ref = "BatchNotFound")
    @APIResponse(responseCode = "413", ref = "TooManyItems")
    @APIResponse(responseCode = "200", description = "{imported, already_present}", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Map<String, Object>> importCsv(
            @PathParam("batch_id") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String batchId,
            byte[] body) {
        UUID id = batchId(batchId);
        Problems problems = Problems.collect();
        List<ItemInput> inputs = ItemInputs.fromCsv(problems, body == null ? new byte[0] : body);
        problems.throwIfAny();
        return batches.importItems(id, inputs);
    }

    /** The path's batch id, or a 422 at {@code ["path", "batch_id"]}. */
    private static UUID batchId(String raw) {
        Problems problems = Problems.collect();
        UUID id = Params.uuid(problems, List.of("path", "batch_id"), raw);
        problems.throwIfAny();
        return id;
    }
}
