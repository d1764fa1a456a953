package org.onboarding.provisioning.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.onboarding.provisioning.api.Params;
import org.onboarding.provisioning.api.Problems;
import org.onboarding.provisioning.item.ItemInput;
import org.onboarding.provisioning.item.ItemInputs;

import java.util.List;
import java.util.UUID;

/**
 * The contract's {@code BatchCreateRequest} ({@code source_identity_batch_id}, required) plus the additive
 * {@code items} (this platform has no identity-service to derive them from), {@code targets} and
 * {@code mdm_organization} (README "Targets").
 */
@Schema(name = "BatchCreateRequest")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchCreateRequest(@Schema(required = true) UUID sourceIdentityBatchId, List<ItemInput> items,
                                 @Schema(description = "Where each person is provisioned: ziti (a network identity), "
                                         + "mdm (an MDM user and a Windows enrollment token); default [\"ziti\"]",
                                         enumeration = {"ziti", "mdm"}) List<String> targets,
                                 @Schema(description = "The MDM organisation (id or slug) of the mdm target; by default "
                                         + "the one whose slug is the X-Etab header", nullable = true)
                                 String mdmOrganization) {

    public static final List<String> TARGETS = List.of("ziti", "mdm");

    /** Validates a parsed body the way Pydantic validates the model, all errors at once. */
    static BatchCreateRequest parse(JsonNode body) {
        Problems problems = Problems.collect();
        if (!body.isObject()) {
            problems.modelType(List.of("body"), Params.input(body)).throwIfAny();
        }
        UUID source = null;
        JsonNode sourceNode = body.get("source_identity_batch_id");
        List<Object> loc = List.of("body", "source_identity_batch_id");
        if (sourceNode == null || sourceNode.isNull()) {
            problems.missing(loc);
        } else if (!sourceNode.isTextual()) {
            problems.add("uuid_type", loc, "UUID input should be a string, bytes or UUID object",
                    Params.input(sourceNode), null);
        } else {
            source = Params.uuid(problems, loc, sourceNode.textValue());
        }
        List<ItemInput> items = List.of();
        JsonNode itemsNode = body.get("items");
        if (itemsNode != null && !itemsNode.isNull()) {
            items = ItemInputs.fromJsonArray(problems, List.of("body", "items"), itemsNode);
        }
        List<String> targets = targets(problems, body.get("targets"));
        String mdmOrganization = null;
        JsonNode orgNode = body.get("mdm_organization");
        List<Object> orgLoc = List.of("body", "mdm_organization");
        if (orgNode != null && !orgNode.isNull()) {
            if (!orgNode.isTextual()) {
                problems.stringType(orgLoc, Params.input(orgNode));
            } else if (orgNode.textValue().isBlank()) {
                problems.stringTooShort(orgLoc, orgNode.textValue(), 1);
            } else if (orgNode.textValue().length() > 255) {
                problems.stringTooLong(orgLoc, orgNode.textValue(), 255);
            } else {
                mdmOrganization = Params.storableText(problems, orgLoc, orgNode.textValue().strip());
            }
        }
        problems.throwIfAny();
        return new BatchCreateRequest(source, items, targets, mdmOrganization);
    }

    /** {@code targets}: a non-empty list of distinct known targets, in a fixed order; absent or null means ziti. */
    private static List<String> targets(Problems problems, JsonNode node) {
        List<Object> loc = List.of("body", "targets");
        if (node == null || node.isNull()) {
            return List.of("ziti");
        }
        if (!node.isArray()) {
            problems.listType(loc, Params.input(node));
            return List.of();
        }
        if (node.isEmpty()) {
            problems.add("too_short", loc, "List should have at least 1 item after validation, not 0", List.of(),
                    java.util.Map.of("field_type", "List", "min_length", 1, "actual_length", 0));
            return List.of();
        }
        java.util.Set<String> chosen = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode target = node.get(i);
            List<Object> at = List.of("body", "targets", i);
            if (!target.isTextual() || !TARGETS.contains(target.textValue())) {
                problems.enumValue(at, Params.input(target), TARGETS);
            } else if (!chosen.add(target.textValue())) {
                problems.valueError(at, target.textValue(), "duplicate target");
            }
        }
        return TARGETS.stream().filter(chosen::contains).toList();
    }
}
