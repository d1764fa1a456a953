package org.onboarding.mdm.enrollment;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreationTurnsTest {

    private final CreationTurns turns = new CreationTurns(2);
    /** Statements started, in order, each ending when the test completes its future. */
    private final List<String> started = new ArrayList<>();
    private final Map<String, CompletableFuture<String>> running = new ConcurrentHashMap<>();
    private final Map<String, Object> outcomes = new ConcurrentHashMap<>();

    private Cancellable create(String organization, String name) {
        return turns.run(organization, () -> {
            started.add(name);
            CompletableFuture<String> statement = new CompletableFuture<>();
            running.put(name, statement);
            return Uni.createFrom().completionStage(statement);
        }).subscribe().with(item -> outcomes.put(name, item), failure -> outcomes.put(name, failure));
    }

    @Test
    void atMostTwoOfOneOrganisationRunAndTheOthersFollowInArrivalOrder() {
        for (int i = 1; i <= 5; i++) {
            create("bench-org", "c" + i);
        }
        assertEquals(List.of("c1", "c2"), started);
        assertEquals(5, turns.inLane("bench-org"));

        running.get("c1").complete("token-1");
        assertEquals("token-1", outcomes.get("c1"));
        assertEquals(List.of("c1", "c2", "c3"), started);

        // a refused or failed statement gives its turn back too, and its caller hears the failure
        running.get("c2").completeExceptionally(new IllegalStateException("quota"));
        assertTrue(outcomes.get("c2") instanceof IllegalStateException);
        assertEquals(List.of("c1", "c2", "c3", "c4"), started);

        running.get("c4").complete("token-4");
        running.get("c3").complete("token-3");
        running.get("c5").complete("token-5");
        assertEquals(List.of("c1", "c2", "c3", "c4", "c5"), started);
        assertEquals("token-5", outcomes.get("c5"));
        assertEquals(0, turns.inLane("bench-org"));
    }

    @Test
    void otherOrganisationsAreNotHeldBackAndCaseDoesNotMatter() {
        create("Org-A", "a1");
        create("org-a", "a2");
        create("ORG-A", "a3");
        create("org-b", "b1");
        assertEquals(List.of("a1", "a2", "b1"), started);
        assertEquals(3, turns.inLane("org-A"));
        assertEquals(1, turns.inLane("org-b"));
    }

    @Test
    void aCallerThatGoesAwayWhileWaitingGivesUpItsTurn() {
        create("org", "c1");
        create("org", "c2");
        Cancellable gone = create("org", "c3");
        create("org", "c4");
        gone.cancel();
        assertEquals(3, turns.inLane("org"));

        running.get("c1").complete("token-1");
        assertEquals(List.of("c1", "c2", "c4"), started);
        running.get("c2").complete("token-2");
        running.get("c4").complete("token-4");
        assertEquals(0, turns.inLane("org"));
        assertTrue(!outcomes.containsKey("c3"));
    }

    @Test
    void aStatementThatCannotEvenStartGivesItsTurnBack() {
        Object[] failure = new Object[1];
        turns.run("org", () -> {
            throw new IllegalArgumentException("bad row");
        }).subscribe().with(item -> failure[0] = item, f -> failure[0] = f);
        assertTrue(failure[0] instanceof IllegalArgumentException);
        assertEquals(0, turns.inLane("org"));
        create("org", "c1");
        create("org", "c2");
        assertEquals(List.of("c1", "c2"), started);
    }

    @Test
    void atLeastOneTurn() {
        assertThrows(IllegalArgumentException.class, () -> new CreationTurns(0));
    }
}
