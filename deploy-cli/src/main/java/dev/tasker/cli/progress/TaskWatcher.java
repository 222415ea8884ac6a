package dev.tasker.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.output.TaskStates;

import java.time.Duration;
import java.util.UUID;

/**
 * Follows a task until it reaches a terminal state, feeding each answer to a {@link ProgressDisplay}. Every poll is a
 * long-poll ({@code GET /v1/tasks/{uuid}?wait_ms=<poll interval>}): the orchestrator answers after the poll interval
 * while the task runs (the cadence of progress updates) and at once when it ends, so the final state shows without
 * a poll interval's delay.
 */
public final class TaskWatcher {

    /** Default time between progress updates while the task runs. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    private final OrchestratorClient client;
    private final Duration pollInterval;

    /**
     * @param client       the orchestrator
     * @param pollInterval time between progress updates while the task runs (each poll's {@code wait_ms})
     */
    public TaskWatcher(OrchestratorClient client, Duration pollInterval) {
        this.client = client;
        this.pollInterval = pollInterval;
    }

    /**
     * Blocks until the task is {@code complete}, {@code error}, {@code cancelled} or {@code resolved_manually}.
     *
     * @param task    the task to watch
     * @param display where progress goes
     * @return the task JSON in its terminal state
     * @throws CliException when the orchestrator becomes unreachable (exit 3) or the wait is interrupted (exit 7)
     */
    public JsonNode awaitEnd(UUID task, ProgressDisplay display) {
        long start = System.nanoTime();
        JsonNode current = poll(task, Duration.ZERO);
        while (true) {
            display.update(current, Duration.ofNanos(System.nanoTime() - start).toMillis());
            if (TaskStates.isTerminal(current.path("state").asText())) {
                display.finish();
                return current;
            }
            current = poll(task, pollInterval);
        }
    }

    private JsonNode poll(UUID task, Duration wait) {
        try {
            return client.getTask(task, wait);
        } catch (CliException e) {
            if (!Thread.currentThread().isInterrupted()) {
                throw e;
            }
            throw new CliException(ExitCode.INTERNAL_ERROR, "interrupted while waiting for task " + task
                    + ": it keeps running; follow it with ./tasker tasks get " + task, e);
        }
    }
}
