package org.onboarding.mdm.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What every resource row of the API has: a 24-hex id and its creation and last-update times. */
@MappedSuperclass
public abstract class Stored extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Now, at the millisecond precision the API shows and the rows keep. */
    public static Instant now(Clock clock) {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
