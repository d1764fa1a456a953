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
