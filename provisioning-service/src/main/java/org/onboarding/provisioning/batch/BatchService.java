package org.onboarding.provisioning.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.onboarding.provisioning.api.ApiError;
import org.onboarding.provisioning.api.Params;
import org.onboarding.provisioning.api.Problems;
import org.onboarding.provisioning.item.ItemInput;
import org.onboarding.provisioning.item.ItemQuery;
import org.onboarding.provisioning.item.ItemInputs;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.item.ProvisioningItemRepository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Batches and their items: idempotent creation, all-or-nothing imports, filtered listings. */
@ApplicationScoped
public class BatchService {

    private final ProvisioningBatchRepository batches;
    private final ProvisioningItemRepository items;
    private final Pool pool;
    private final int maxItems;

    public BatchService(ProvisioningBatchRepository batches, ProvisioningItemRepository items, Pool pool,
                        @ConfigProperty(name = "provisioning.import.max-items", defaultValue = "10000") int maxItems) {
        this.batches = batches;
        this.items = items;
        this.pool = pool;
        this.maxItems = maxItems;
    }

    /**
     * Creates the batch for a source identity batch, or returns the one that exists (its items unchanged): the
     * unique index on the source id decides, in the same transaction as the items.
     */
    public Uni<BatchView> create(JsonNode body, String createdBy, String establishment) {
        BatchCreateRequest request = BatchCreateRequest.parse(body);
        checkSize(request.items().size());
        return pool.withTransaction(tx -> batches.insertIfAbsent(tx, request.sourceIdentityBatchId(), createdBy,
                                request.targets(), request.mdmOrganization(), establishment)
                        .chain(newId -> newId == null ? Uni.createFrom().item(0)
                                : items.insertAll(tx, newId, request.items()))
                        .chain(() -> batches.viewBySource(tx, request.sourceIdentityBatchId())))
                .chain(this::withCounts);
    }

    public Uni<List<BatchView>> list(int skip, int limit) {
        return batches.views(skip, limit).chain(views -> items.counts(views.stream().map(BatchView::id).toList())
                .map(counts -> views.stream().map(v -> v.withCounts(counts.get(v.id()))).toList()));
    }

    public Uni<BatchView> get(UUID id) {
        return batches.view(id).chain(view -> view == null
                ? Uni.createFrom().failure(ApiError.batchNotFound()) : withCounts(view));
    }

    public Uni<List<ProvisioningItem>> items(ItemQuery query) {
        return existing(query.batchId()).chain(() -> items.page(query));
    }

    /** Adds items to a batch, all or none; identities already in the batch are reported, not duplicated. */
    public Uni<Map<String, Object>> importItems(UUID batchId, List<ItemInput> inputs) {
        checkSize(inputs.size());
        return existing(batchId)
                .chain(() -> pool.withTransaction(tx -> items.insertAll(tx, batchId, inputs)))
                .map(imported -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("batch_id", batchId);
                    answer.put("received", inputs.size());
                    answer.put("imported", imported);
                    answer.put("already_present", inputs.size() - imported);
                    return answer;
                });
    }

    /**
     * {@code test-items} ("pour les tests uniquement"): one item from a free object; {@code identity_id} defaults
     * to a new UUID, {@code domain} to {@code student}, {@code establishment_id} to {@code test},
     * {@code external_id} to the identity id.
     */
    public Uni<ProvisioningItem> addTestItem(UUID batchId, JsonNode body) {
        Problems problems = Problems.collect();
        if (!body.isObject()) {
            problems.modelType(List.of("body"), Params.input(body)).throwIfAny();
        }
        var object = body.deepCopy();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) object;
        if (!node.hasNonNull("identity_id")) {
            node.put("identity_id", UUID.randomUUID().toString());
        }
        if (!node.hasNonNull("domain")) {
            node.put("domain", "student");
        }
        if (!node.hasNonNull("establishment_id")) {
            node.put("establishment_id", "test");
        }
        if (!node.hasNonNull("external_id") && node.get("identity_id").isTextual()) {
            node.put("external_id", node.get("identity_id").textValue());
        }
        ItemInput input = ItemInputs.fromJson(problems, List.of("body"), node);
        problems.throwIfAny();
        return existing(batchId)
                .chain(() -> pool.withTransaction(tx -> items.insertAll(tx, batchId, List.of(input))))
                .chain(() -> items.findByIdentity(batchId, input.identityId()));
    }

    private Uni<Void> existing(UUID batchId) {
        return batches.view(batchId).chain(view -> view == null
                ? Uni.createFrom().failure(ApiError.batchNotFound()) : Uni.createFrom().voidItem());
    }

    private Uni<BatchView> withCounts(BatchView view) {
        return items.counts(List.of(view.id())).map(counts -> view.withCounts(counts.get(view.id())));
    }

    private void checkSize(int size) {
        if (size > maxItems) {
            throw new ApiError(413, "Too many items: at most " + maxItems + " per request");
        }
    }
}
