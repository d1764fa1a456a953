package org.onboarding.provisioning.username;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.onboarding.provisioning.Api.as;

/** Reservations hand out each name once, even under contention; generate-username only proposes. */
@QuarkusTest
class UsernameReservationTest {

    @Inject
    UsernameReservations reservations;

    @Test
    void hundredConcurrentReservationsOfOneNameGiveHundredDistinctNames() {
        List<Uni<String>> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(reservations.reserve("camille.concurrent", UUID.randomUUID()));
        }
        List<String> names = Uni.join().all(all).andFailFast().await().atMost(Duration.ofMinutes(2));

        Set<String> expected = IntStream.rangeClosed(1, 100)
                .mapToObj(n -> UsernameRules.withCounter("camille.concurrent", n)).collect(Collectors.toSet());
        assertEquals(100, new HashSet<>(names).size());
        assertEquals(expected, new HashSet<>(names));
    }

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    /** A chunk's reservations in a few statements give what one-by-one reservations in batch order would. */
    @Test
    void aChunkReservesInBatchOrderKeepsHeldNamesAndStepsOverATakenName() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String homonyms = "chunk.homonym" + tag;
        String collides = "chunk.collide" + tag;
        UUID held = UUID.randomUUID();
        String heldName = reservations.reserve(homonyms, held).await().atMost(Duration.ofSeconds(30));
        // collides' first name is taken by someone of another base (as a.b1 + 001 against a.b + 1001 would be)
        pool.withTransaction(tx -> reservations.reserveAnother(tx, "chunk.other" + tag, UUID.randomUUID(),
                UsernameRules.withCounter(collides, 1))).await().atMost(Duration.ofSeconds(30));
        java.util.LinkedHashMap<UUID, String> bases = new java.util.LinkedHashMap<>();
        List<UUID> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID id = i == 2 ? held : UUID.randomUUID();
            order.add(id);
            bases.put(id, i % 2 == 0 ? homonyms : collides);
        }
        var names = pool.withTransaction(tx -> reservations.reserveAll(tx, bases)).await().atMost(Duration.ofSeconds(30));

        assertEquals(UsernameRules.withCounter(homonyms, 1), heldName);
        assertEquals(List.of(UsernameRules.withCounter(homonyms, 2), UsernameRules.withCounter(collides, 4),
                        heldName, UsernameRules.withCounter(collides, 2), UsernameRules.withCounter(homonyms, 3),
                        UsernameRules.withCounter(collides, 3)),
                order.stream().map(names::get).toList());
        // and the next one-by-one reservation goes on after them
        assertEquals(UsernameRules.withCounter(collides, 5),
                reservations.reserve(collides, UUID.randomUUID()).await().atMost(Duration.ofSeconds(30)));
    }

    @Test
    void generateUsernameProposesWithoutReservingAndFollowsReservations() {
        String viewer = TestTokens.viewer();
        for (int i = 0; i < 2; i++) { // proposing twice gives the same name: nothing was reserved
            as(viewer).queryParam("firstname", "Élodie").queryParam("lastname", "Dupré-Martin")
                    .post("/provisioning/generate-username")
                    .then().statusCode(200).body("username", equalTo("elodie.dupre-martin001"));
        }
        reservations.reserve("elodie.dupre-martin", UUID.randomUUID()).await().atMost(Duration.ofSeconds(30));
        as(viewer).queryParam("firstname", "Elodie").queryParam("lastname", "Dupre Martin")
                .post("/provisioning/generate-username")
                .then().statusCode(200).body("username", equalTo("elodie.dupre-martin002"));

        as(viewer).queryParam("firstname", "Jean Pierre").queryParam("lastname", "N'Diaye")
                .post("/provisioning/generate-username")
                .then().statusCode(200).body("username", equalTo("jean-pierre.ndiaye001"));
        as(viewer).queryParam("firstname", "Zoë").queryParam("lastname", "Œuvray")
                .post("/provisioning/generate-username")
                .then().statusCode(200).body("username", equalTo("zoe.oeuvray001"));
        as(viewer).queryParam("firstname", "").queryParam("lastname", "").queryParam("email", "m.fall@ecole.sn")
                .post("/provisioning/generate-username")
                .then().statusCode(200).body("username", equalTo("m.fall001"));
    }

    @Test
    void noUsableNameIsA422() {
        as(TestTokens.viewer()).queryParam("firstname", "!!!").queryParam("lastname", "")
                .post("/provisioning/generate-username")
                .then().statusCode(422)
                .body("detail[0].type", equalTo("value_error"))
                .body("detail[0].loc", equalTo(List.of("query", "firstname")));
    }
}
