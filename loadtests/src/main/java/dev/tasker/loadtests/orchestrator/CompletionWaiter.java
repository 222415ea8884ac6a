package dev.tasker.loadtests.orchestrator;

import dev.tasker.loadtests.client.OrchestratorClient;

import java.time.Duration;
import java.util.UUID;

/**
 * Waits until created tasks are {@code complete}, by long-polling each in creation order
 * ({@link TaskStates#awaitComplete}, {@code GET /v1/tasks/{uuid}?wait_ms=}). A task that is already complete costs
 * one answer at once; the orchestrator answers a waiting one when it ends. The load this adds to the run it watches
 * is one task read per task, whatever the size of the database (counting tasks by state, as this waiter did before,
 * scanned every complete task of the template on each poll: under the throughput run that was a sixth of
 * PostgreSQL's CPU).
 */
public final class CompletionWaiter {

    private CompletionWaiter() {
    }

    /**
     * Blocks until every task given is complete.
     *
     * @param client  the orchestrator (any instance: they share the database)
     * @param tasks   the tasks
     * @param timeout how long to wait at most for all of them, counted from this call
     * @throws IllegalStateException when a task ends in another terminal state ({@code error}, ...) or the timeout
     *                               passes (the message names the task and how many were complete)
     */
    public static void awaitAll(OrchestratorClient client, UUID[] tasks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < tasks.length; i++) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                TaskStates.awaitComplete(client, tasks[i], left);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(i + " of " + tasks.length + " tasks complete; " + e.getMessage(), e);
            }
        }
    }
}
