package dev.tasker.orchestrator.task;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A task in listings.
 *
 * @param taskUuid      the task
 * @param namespace     template namespace
 * @param name          template name
 * @param version       template version
 * @param state         current state
 * @param correlationId correlation id
 * @param createdAt     creation time
 * @param updatedAt     last change
 * @param completedAt   when it reached a terminal state, or {@code null}
 */
public record TaskSummary(UUID taskUuid, String namespace, String name, String version, String state,
                          String correlationId, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                          OffsetDateTime completedAt) {
}
