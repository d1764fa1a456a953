package org.onboarding.mdm.enrollment;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Token creations of one organisation take turns here before their statement goes to PostgreSQL: at most
 * {@code mdm.enrollment.create.in-flight-per-organization} of them at a time, the others wait in arrival order.
 * <p>
 * Only a performance measure, never a correctness one (README "Creations take turns per organisation"): every
 * creation's statement still takes the organisation row lock, which is what keeps the quota and the Idempotency-Key
 * exact, also across replicas. All creations of an organisation serialise on that lock anyway; with the whole pool
 * waiting on it, PostgreSQL queues them behind a tuple lock and wakes them one by one, which costs it CPU per creation
 * and spreads the waiting times. With two in flight, one runs and one waits on the lock: the row is never idle, and
 * the rest queue here, where a turn costs nothing. Organisations are told apart by the text of the path (id or slug,
 * in any case): the same organisation addressed both ways only gets more turns.
 */
@ApplicationScoped
public class CreationTurns {

    private final int inFlight;
    /** Organisations with a creation in flight; guarded by {@code this}. */
    private final Map<String, Lane> lanes = new HashMap<>();

    public CreationTurns(@ConfigProperty(name = "mdm.enrollment.create.in-flight-per-organization") int inFlight) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("mdm.enrollment.create.in-flight-per-organization must be at least 1");
        }
        this.inFlight = inFlight;
    }

    /**
     * The statement's outcome, once it had its turn. A waiting caller resumes on its own Vert.x context (its event
     * loop), not on the thread of the creation that made room. A caller that goes away while waiting gives up its turn.
     */
    public <T> Uni<T> run(String organization, Supplier<Uni<T>> statement) {
        String key = organization.toLowerCase(Locale.ROOT);
        return Uni.createFrom().emitter(emitter -> {
            Turn<T> turn = new Turn<>(key, statement, emitter, Vertx.currentContext());
            boolean now;
            synchronized (this) {
                Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
                now = lane.running < inFlight;
                if (now) {
                    lane.running++;
                } else {
                    lane.waiting.add(turn);
                }
            }
            if (now) {
                turn.start();
            } else {
                emitter.onTermination(() -> withdraw(turn));
            }
        });
    }

    /** Creations of this organisation running or waiting (for tests). */
    synchronized int inLane(String organization) {
        Lane lane = lanes.get(organization.toLowerCase(Locale.ROOT));
        return lane == null ? 0 : lane.running + lane.waiting.size();
    }

    private synchronized void withdraw(Turn<?> turn) {
        Lane lane = lanes.get(turn.key);
        if (lane != null) {
            lane.waiting.remove(turn);
        }
    }

    /** A statement ended: the next waiting creation of the organisation, if any, takes its place. */
    private void done(String key) {
        Turn<?> next;
        synchronized (this) {
            Lane lane = lanes.get(key);
            next = lane.waiting.poll();
            if (next == null && --lane.running == 0) {
                lanes.remove(key);
            }
        }
        if (next != null) {
            next.resume();
        }
    }

    private static final class Lane {
        int running;
        final ArrayDeque<Turn<?>> waiting = new ArrayDeque<>();
    }

    private final class Turn<T> {
        final String key;
        final Supplier<Uni<T>> statement;
        final UniEmitter<? super T> emitter;
        final Context context;

        Turn(String key, Supplier<Uni<T>> statement, UniEmitter<? super T> emitter, Context context) {
            this.key = key;
            this.statement = statement;
            this.emitter = emitter;
            this.context = context;
        }

        void resume() {
            if (context == null) {
                start();
            } else {
                context.runOnContext(ignored -> start());
            }
        }

        // the turn is given back before the caller hears the outcome, so the next statement is on its way first
        void start() {
            Uni<T> uni;
            try {
                uni = statement.get();
            } catch (RuntimeException e) {
                done(key);
                emitter.fail(e);
                return;
            }
            uni.subscribe().with(item -> {
                done(key);
                emitter.complete(item);
            }, failure -> {
                done(key);
                emitter.fail(failure);
            });
        }
    }
}
