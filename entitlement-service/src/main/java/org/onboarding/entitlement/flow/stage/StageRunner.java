package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.flow.FlowStore;
import org.onboarding.entitlement.flow.StageContext;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Runs stages as persisted rows: inserted in_progress, then finished or failed with the error and the retries. */
@Singleton
@RequiredArgsConstructor
public class StageRunner {

    private final FlowStore flows;

    /** A stage failure, carrying the stage name up to the flow. */
    public static final class StageFailure extends RuntimeException {
        StageFailure(String stage, Throwable cause) {
            super(stage, cause);
        }
    }

    public Uni<Void> run(UUID ownerId, String name, Function<StageContext, Uni<Void>> body) {
        StageContext st = new StageContext();
        return flows.startStage(ownerId, name)
                .chain(() -> Uni.createFrom().deferred(() -> body.apply(st)))
                .onItem().transformToUni(ignored -> flows.endStage(ownerId, name, "FINISHED", null, null, st.retriesCount(), st.retriesInfo()))
                .onFailure(e -> !(e instanceof StageFailure)).recoverWithUni(e ->
                        flows.endStage(ownerId, name, "FAILED", errorType(e), errorMessage(e), st.retriesCount(), st.retriesInfo())
                                .chain(() -> Uni.createFrom().failure(new StageFailure(name, e))));
    }

    /** Runs branches concurrently, lets all complete, then fails with the first failure if any. */
    public static Uni<Void> parallel(List<Uni<Void>> branches) {
        if (branches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Throwable>> settled = branches.stream()
                .map(b -> b.replaceWith((Throwable) null).onFailure().recoverWithItem(e -> e)).toList();
        return Uni.join().all(settled).andFailFast().flatMap(results -> {
            for (Throwable t : results) {
                if (t != null) {
                    return Uni.createFrom().failure(t);
                }
            }
            return Uni.createFrom().voidItem();
        });
    }

    public static String errorType(Throwable e) {
        if (e instanceof ApiException api) {
            return api.type();
        }
        return e.getClass().getSimpleName();
    }

    public static String errorMessage(Throwable e) {
        if (e instanceof ApiException api) {
            return api.describe();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null && e.getCause() != e ? message + ", cause: " + e.getCause().getMessage() : message;
    }
}
