package dev.tasker.loadtests.orchestrator;

import dev.tasker.loadtests.client.OrchestratorClient;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Waits until a number of new tasks per template are {@code complete}, by polling the task counts
 * ({@code GET /v1/tasks?state=...}) every 50 ms. "New" is relative to the counts when the waiter was created, so
 * create the waiter before creating the tasks.
 */
public final class CompletionWaiter {

    private static final Duration POLL = Duration.ofMillis(50);

    private final OrchestratorClient client;
    private final Map<BenchWorkload.Shape, Long> completeBefore = new EnumMap<>(BenchWorkload.Shape.class);
    private final Map<BenchWorkload.Shape, Long> errorBefore = new EnumMap<>(BenchWorkload.Shape.class);

    /**
     * Records the current counts of complete and failed tasks of every template.
     *
     * @param client the orchestrator (any instance: they share the database)
     */
    public CompletionWaiter(OrchestratorClient client) {
        this.client = client;
        for (BenchWorkload.Shape shape : BenchWorkload.Shape.values()) {
            completeBefore.put(shape, count(shape, "complete"));
            errorBefore.put(shape, count(shape, "error"));
        }
    }

    /**
     * Blocks until, for every template given, at least the expected number of tasks completed since construction.
     *
     * @param expected new complete tasks expected per template
     * @param timeout  how long to wait at most, counted from this call
     * @throws IllegalStateException as soon as a task of one of these templates ends in {@code error}, or when the
     *                               timeout passes (the message gives the counts reached)
     */
    public void await(Map<BenchWorkload.Shape, Integer> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean done = true;
            StringBuilder progress = new StringBuilder();
            for (Map.Entry<BenchWorkload.Shape, Integer> entry : expected.entrySet()) {
                BenchWorkload.Shape shape = entry.getKey();
                long errors = count(shape, "error") - errorBefore.get(shape);
                if (errors > 0) {
                    throw new IllegalStateException(errors + " task(s) of " + shape.templateName()
                            + " ended in error");
                }
                long complete = count(shape, "complete") - completeBefore.get(shape);
                done &= complete >= entry.getValue();
                progress.append(' ').append(shape.templateName()).append(' ').append(complete).append('/')
                        .append(entry.getValue());
            }
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("tasks not complete after " + timeout.toSeconds() + " s:" + progress);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for tasks", e);
            }
        }
    }

    private long count(BenchWorkload.Shape shape, String state) {
        return client.countTasks(BenchWorkload.NAMESPACE, shape.templateName(), state);
    }
}
