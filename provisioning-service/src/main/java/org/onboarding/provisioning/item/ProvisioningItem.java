package org.onboarding.provisioning.item;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.vertx.mutiny.sqlclient.Row;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The contract's {@code ProvisioningItem} (every key present, nullable ones as null, the target account under the
 * contract's {@code kc_*} names) plus the additive {@code attempts}; the worker's lease bookkeeping and the batch order ({@code seq}) stay internal.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"id", "provisioning_batch_id", "identity_id", "domain", "establishment_id", "external_id",
        "firstname", "lastname", "email", "kc_username", "kc_user_id", "role_principal_code", "prov_status",
        "last_error", "created_at", "updated_at", "attempts", "language", "targets"})
@Schema(name = "ProvisioningItem", requiredProperties = {"id", "provisioning_batch_id", "identity_id", "domain",
        "establishment_id", "external_id", "firstname", "lastname", "email", "kc_username", "kc_user_id",
        "role_principal_code", "prov_status", "last_error", "created_at", "updated_at", "attempts", "language",
        "targets"})
public record ProvisioningItem(
        UUID id,
        UUID provisioningBatchId,
        UUID identityId,
        String domain,
        String establishmentId,
        String externalId,
        @Schema(nullable = true) String firstname,
        @Schema(nullable = true) String lastname,
        @Schema(nullable = true) String email,
        @JsonProperty("kc_username") @Schema(nullable = true) String accountUsername,
        @JsonProperty("kc_user_id") @Schema(nullable = true) String accountId,
        @Schema(nullable = true) String rolePrincipalCode,
        @Schema(type = SchemaType.STRING) ProvStatus provStatus,
        @Schema(nullable = true) String lastError,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        int attempts,
        @JsonIgnore OffsetDateTime completedAt,
        @JsonIgnore long seq,
        @Schema(nullable = true, description = "The person's language for the invitation") String language,
        @Schema(description = "Per target (ziti, mdm): status (PENDING, SUCCEEDED, FAILED, SKIPPED), external_id, "
                + "last_error and the target's details", type = SchemaType.OBJECT)
        Map<String, Object> targets) {

    static final String COLUMNS = "id, provisioning_batch_id, identity_id, domain, establishment_id, external_id, "
            + "firstname, lastname, email, account_username, account_id, role_principal_code, prov_status, last_error, "
            + "created_at, updated_at, attempts, completed_at, seq, language, targets";

    static ProvisioningItem from(Row row) {
        return new ProvisioningItem(row.getUUID("id"), row.getUUID("provisioning_batch_id"), row.getUUID("identity_id"),
                row.getString("domain"), row.getString("establishment_id"), row.getString("external_id"),
                row.getString("firstname"), row.getString("lastname"), row.getString("email"),
                row.getString("account_username"), row.getString("account_id"), row.getString("role_principal_code"),
                ProvStatus.valueOf(row.getString("prov_status")), row.getString("last_error"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), row.getInteger("attempts"),
                row.getOffsetDateTime("completed_at"), row.getLong("seq"), row.getString("language"),
                targets(row.getJsonObject("targets")));
    }

    private static Map<String, Object> targets(io.vertx.core.json.JsonObject stored) {
        Map<String, Object> plain = new TreeMap<>();
        if (stored != null) {
            stored.getMap().forEach((target, outcome) -> plain.put(target,
                    outcome instanceof io.vertx.core.json.JsonObject json ? json.getMap() : outcome));
        }
        return plain;
    }

    /** What the item recorded for {@code target} (empty when the batch does not provision into it). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> target(String target) {
        Object outcome = targets.get(target);
        return outcome instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** Whether the batch provisions this item into {@code target}. */
    public boolean hasTarget(String target) {
        return targets.containsKey(target);
    }

    /** This item as it is once {@code username} is recorded as its account name. */
    public ProvisioningItem withAccountUsername(String username) {
        return new ProvisioningItem(id, provisioningBatchId, identityId, domain, establishmentId, externalId, firstname,
                lastname, email, username, accountId, rolePrincipalCode, provStatus, lastError, createdAt, updatedAt,
                attempts, completedAt, seq, language, targets);
    }

    @JsonIgnore
    public boolean hasEmail() {
        return email != null && !email.isBlank();
    }
}
