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
 * {@code items}: this platform has no identity-service to derive them from.
 */
@Schema(name = "BatchCreateRequest")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchCreateRequest(@Schema(required = true) UUID sourceIdentityBatchId, List<ItemInput> items) {

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
        problems.throwIfAny();
        return new BatchCreateRequest(source, items);
    }
}
