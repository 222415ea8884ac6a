package dev.tasker.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.output.TaskStates;

import java.time.Duration;
import java.util.UUID;

/**
 * Polls a task ({@code GET /v1/tasks/{uuid}}) until it reaches a terminal state, feeding each answer to a
 * {@link ProgressDisplay}.
 */
public final class TaskWatcher {

    /** Default time between polls. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    private final OrchestratorClient client;
    private final Duration pollInterval;

    /**
     * @param client       the orchestrator
     * @param pollInterval time between polls
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
        while (true) {
            JsonNode current = client.getTask(task);
            display.update(current, Duration.ofNanos(System.nanoTime() - start).toMillis());
            if (TaskStates.isTerminal(current.path("state").asText())) {
                display.finish();
                return current;
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCode.INTERNAL_ERROR, "interrupted while waiting for task " + task
                        + ": it keeps running; follow it with ./tasker tasks get " + task, e);
            }
        }
    }
}
