package dev.tasker.orchestrator.task;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request to create a task ({@code POST /v1/tasks} body).
 *
 * @param namespace      template namespace
 * @param name           template name
 * @param version        template version, or {@code null} for the latest registered
 * @param context        the task's input JSON (validated against the template's {@code input_schema}); {@code null}
 *                       means {@code {}}
 * @param idempotencyKey caller-supplied key; a second request with the same key gets 409, or {@code null}
 * @param correlationId  caller's correlation id, or {@code null} to generate one (a random UUID)
 */
public record TaskRequest(String namespace, String name, String version, JsonNode context, String idempotencyKey,
                          String correlationId) {
}
