package dev.tasker.loadtests.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Creates many tasks as fast as a number of concurrent clients can. */
public final class ConcurrentCreates {

    private ConcurrentCreates() {
    }

    /**
     * Calls {@code createOne} for every index in {@code [0, tasks)}, from {@code creators} threads that each take the
     * next index until none is left.
     *
     * @param tasks     number of tasks
     * @param creators  concurrent callers, at least 1
     * @param createOne creates task number i and returns its uuid
     * @return the uuids, indexed like the calls
     * @throws IllegalStateException when a creation fails (the other threads stop after their current call; the
     *                               message is that of the first worker's failure) or on interruption
     */
    public static UUID[] create(int tasks, int creators, IntFunction<UUID> createOne) {
        UUID[] created = new UUID[tasks];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < creators; c++) {
                workers.add(pool.submit(() -> {
                    try {
                        for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                            created[i] = createOne.apply(i);
                        }
                    } catch (RuntimeException e) {
                        next.set(tasks); // the other creators stop after their current request
                        throw e;
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating tasks failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating tasks", e);
        } finally {
            next.set(tasks);
            pool.close();
        }
        return created;
    }
}
