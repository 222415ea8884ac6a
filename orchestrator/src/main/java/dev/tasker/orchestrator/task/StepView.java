package dev.tasker.orchestrator.task;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A workflow step as the REST API shows it (snake_case on the wire).
 *
 * @param stepUuid        the step
 * @param name            step name
 * @param state           current state
 * @param attempts        attempts claimed so far
 * @param maxAttempts     attempts allowed in total
 * @param retryable       whether failures may be retried
 * @param handler         handler name
 * @param handlerDigest   pinned module digest
 * @param dependencies    names of direct parents
 * @param result          the handler's (or operator's) result, or {@code null}
 * @param error           the latest error {@code {message, error_type, retryable, error_code?, retry_after_ms?}}, or
 *                        {@code null}
 * @param nextRetryAt     end of the current backoff, or {@code null}
 * @param createdAt       creation time
 * @param updatedAt       last change
 * @param completedAt     when it became complete or resolved, or {@code null}
 * @param executionTimeMs wall time of the latest attempt in ms, or {@code null}
 */
public record StepView(UUID stepUuid, String name, String state, int attempts, int maxAttempts, boolean retryable,
                       String handler, String handlerDigest, List<String> dependencies, JsonNode result, JsonNode error,
                       OffsetDateTime nextRetryAt, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                       OffsetDateTime completedAt, Long executionTimeMs) {
}
