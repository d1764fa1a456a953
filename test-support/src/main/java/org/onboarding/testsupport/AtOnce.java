package org.onboarding.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Calls released together, so that the database decides the race: each call on its own thread, all held at one latch
 * until every one is submitted. A call still running after two minutes fails the test instead of hanging it.
 */
public final class AtOnce {

    private AtOnce() {
    }

    /** Runs the calls at the same moment; their results in the calls' order. */
    public static <T> List<T> run(List<Callable<T>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The same call {@code times} times at the same moment. */
    public static <T> List<T> run(int times, Callable<T> call) throws Exception {
        return run(Collections.nCopies(times, call));
    }
}
