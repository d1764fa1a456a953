package org.onboarding.provisioning.run;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit without a timer (README "Runs: writes per chunk"): the items in flight hand their requests here, and
 * they leave as one call per group instead of one each. A request goes out at once when fewer than
 * {@code maxInFlight} groups are on their way; otherwise it joins the next group, which leaves as soon as one
 * returns. So a lone request waits one round trip, as it would alone, and under load the groups grow by themselves.
 * A group holds requests up to {@code maxWeight} (their summed weights; a single heavier one goes alone).
 *
 * @param <T> a request
 * @param <R> its answer; {@code send} answers a group's requests in the group's order
 */
final class GroupCommit<T, R> {

    private final int maxInFlight;
    private final int maxWeight;
    private final ToIntFunction<T> weight;
    private final Function<List<T>, Uni<List<R>>> send;
    private final List<Pending<T, R>> waiting = new ArrayList<>();
    private int inFlight;

    GroupCommit(int maxInFlight, int maxWeight, ToIntFunction<T> weight, Function<List<T>, Uni<List<R>>> send) {
        this.maxInFlight = Math.max(1, maxInFlight);
        this.maxWeight = maxWeight;
        this.weight = weight;
        this.send = send;
    }

    /** The answer to {@code request}, sent in a group; a group's failure is each of its requests' failure. */
    Uni<R> submit(T request) {
        return Uni.createFrom().emitter(emitter -> {
            List<Pending<T, R>> group;
            synchronized (this) {
                waiting.add(new Pending<>(request, emitter));
                if (inFlight >= maxInFlight) {
                    return;
                }
                group = takeGroup();
            }
            send(group);
        });
    }

    /** Under the lock: the next group, counted as in flight. */
    private List<Pending<T, R>> takeGroup() {
        int n = 0;
        int total = 0;
        while (n < waiting.size()) {
            int w = weight.applyAsInt(waiting.get(n).request);
            if (n > 0 && total + w > maxWeight) {
                break;
            }
            total += w;
            n++;
        }
        List<Pending<T, R>> group = new ArrayList<>(waiting.subList(0, n));
        waiting.subList(0, n).clear();
        inFlight++;
        return group;
    }

    private void send(List<Pending<T, R>> group) {
        List<T> requests = new ArrayList<>(group.size());
        group.forEach(pending -> requests.add(pending.request));
        Uni<List<R>> call;
        try {
            call = send.apply(requests);
        } catch (RuntimeException e) {
            call = Uni.createFrom().failure(e);
        }
        call.subscribe().with(
                answers -> {
                    next();
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).emitter.complete(answers.get(i));
                    }
                },
                failure -> {
                    next();
                    for (Pending<T, R> pending : group) {
                        pending.emitter.fail(failure);
                    }
                });
    }

    private void next() {
        List<Pending<T, R>> group = null;
        synchronized (this) {
            inFlight--;
            if (!waiting.isEmpty()) {
                group = takeGroup();
            }
        }
        if (group != null) {
            send(group);
        }
    }

    private record Pending<T, R>(T request, UniEmitter<? super R> emitter) {
    }
}
