package dev.tasker.orchestrator.task;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A task with its workflow steps ({@code GET /v1/tasks/{task_uuid}}).
 *
 * @param taskUuid      the task
 * @param namespace     template namespace
 * @param name          template name
 * @param version       template version
 * @param state         current state
 * @param context       the task's input JSON
 * @param correlationId correlation id
 * @param createdAt     creation time
 * @param updatedAt     last change
 * @param completedAt   when it reached a terminal state, or {@code null}
 * @param stepCounts    {@code total} and one count per step state (zeros included)
 * @param steps         the workflow steps in creation (topological) order
 */
public record TaskView(UUID taskUuid, String namespace, String name, String version, String state, JsonNode context,
                       String correlationId, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                       OffsetDateTime completedAt, Map<String, Integer> stepCounts, List<StepView> steps) {
}
