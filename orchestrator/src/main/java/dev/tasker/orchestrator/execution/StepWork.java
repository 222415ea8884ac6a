package dev.tasker.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

/**
 * Everything needed to run one attempt of a claimed workflow step, read from the database.
 *
 * @param taskUuid          the task
 * @param stepUuid          the workflow step
 * @param namespace         task namespace
 * @param taskName          template name
 * @param taskVersion       template version
 * @param context           task context
 * @param correlationId     task correlation id
 * @param templateUuid      the task's template
 * @param templateStep      the template step this workflow step instantiates
 * @param stepType          the step's type ({@code standard}, {@code decision}, {@code batchable}, ...)
 * @param stepName          step name
 * @param attempt           this attempt's number (1-based; counted at claim)
 * @param maxAttempts       attempts allowed in total
 * @param handlerName       handler name
 * @param handlerDigest     pinned module digest
 * @param config            {@code handler.initialization}
 * @param inputs            step inputs (batch cursor) or {@code null}
 * @param checkpoint        checkpoint or {@code null}
 * @param timeoutSeconds    the step's {@code timeout_seconds}, or {@code null} for the runtime default
 * @param dependencyResults results of every completed ancestor step, by step name
 */
public record StepWork(UUID taskUuid, UUID stepUuid, String namespace, String taskName, String taskVersion,
                       JsonNode context, String correlationId, UUID templateUuid, String templateStep,
                       String stepType, String stepName, int attempt, int maxAttempts,
                       String handlerName, String handlerDigest, JsonNode config, JsonNode inputs, JsonNode checkpoint,
                       Integer timeoutSeconds, Map<String, JsonNode> dependencyResults) {
}
