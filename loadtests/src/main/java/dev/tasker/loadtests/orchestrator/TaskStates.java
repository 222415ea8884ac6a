package dev.tasker.loadtests.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.loadtests.client.OrchestratorClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Reading task state from the orchestrator's task JSON (API.md §2, {@code GET /v1/tasks/{uuid}}). */
public final class TaskStates {

    /** Task states after which nothing changes (DESIGN §3). */
    public static final Set<String> TERMINAL = Set.of("complete", "error", "cancelled", "resolved_manually");

    private TaskStates() {
    }

    /**
     * Waits for a task to reach a terminal state with long-polls ({@code GET /v1/tasks/{uuid}?wait_ms=}, each asking
     * for the time left, at most {@value OrchestratorClient#MAX_WAIT_MS} ms): the orchestrator answers as soon as
     * the task ends, so no client-side polling interval adds to the latency or loads the orchestrator.
     *
     * @param client   the orchestrator
     * @param taskUuid the task
     * @param timeout  how long to wait at most
     * @return the task JSON in state {@code complete}
     * @throws IllegalStateException when the task ends in another terminal state or is not terminal within the
     *                               timeout (the message holds the last task JSON)
     */
    public static JsonNode awaitComplete(OrchestratorClient client, UUID taskUuid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            JsonNode task = client.task(taskUuid, Math.clamp(leftMs, 0, OrchestratorClient.MAX_WAIT_MS));
            String state = task.path("state").asText();
            if (state.equals("complete")) {
                return task;
            }
            if (TERMINAL.contains(state)) {
                throw new IllegalStateException("task " + taskUuid + " ended in state " + state + ": " + task);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("task " + taskUuid + " not complete after " + timeout.toMillis()
                        + " ms: " + task);
            }
        }
    }

    /**
     * @param task task JSON in a terminal state
     * @return {@code completed_at - created_at}: the task's life as recorded by the orchestrator
     * @throws IllegalArgumentException when a timestamp is missing or unreadable
     */
    public static Duration serverLatency(JsonNode task) {
        return Duration.between(instant(task, "created_at"), instant(task, "completed_at"));
    }

    /**
     * Reads a timestamp field: an ISO-8601 string with offset ({@code 2026-11-02T10:15:30.123456Z}) or a number of
     * seconds since the epoch (Jackson's numeric form).
     *
     * @param json  an object
     * @param field the field name
     * @return the instant
     * @throws IllegalArgumentException when the field is missing, null or not a timestamp
     */
    public static Instant instant(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (value.isNumber()) {
            BigDecimal seconds = value.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        if (value.isTextual()) {
            try {
                return OffsetDateTime.parse(value.asText()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 timestamp with offset: "
                        + value, e);
            }
        }
        throw new IllegalArgumentException("field '" + field + "' is not a timestamp: " + value + " in " + json);
    }
}
