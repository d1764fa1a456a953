package org.onboarding.provisioning.username;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.provisioning.api.Problems;

import java.util.List;

/** {@code generate-username}: the name the next reservation would give, without reserving it. */
@ApplicationScoped
@RequiredArgsConstructor
public class UsernameService {

    private final UsernameReservations reservations;

    public Uni<String> propose(String firstname, String lastname, String email) {
        var base = UsernameRules.base(firstname, lastname, email);
        if (base.isEmpty()) {
            Problems.collect().valueError(List.of("query", "firstname"), firstname,
                    "cannot derive a username: firstname and lastname leave nothing usable and email gives no fallback")
                    .throwIfAny();
        }
        return reservations.propose(base.get());
    }
}
