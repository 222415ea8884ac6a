package dev.tasker.runtime.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The step invocation (contract version 1, DESIGN §2): the JSON document a handler reads from stdin.
 *
 * <p>Wire shape (snake_case, see {@code docs/schemas/step-invocation.schema.json}):
 * <pre>{@code
 * {"contract_version": 1,
 *  "task": {"uuid", "namespace", "name", "version", "context", "correlation_id"},
 *  "step": {"uuid", "name", "attempt", "max_attempts", "inputs", "checkpoint"},
 *  "config": {...},
 *  "dependency_results": {"<step name>": <that step's result>, ...}}
 * }</pre>
 *
 * <p>Normalisation: a {@code null} {@code config} becomes an empty object and a {@code null}
 * {@code dependencyResults} an empty map; JSON {@code null} in an optional {@link JsonNode} field is
 * held as Java {@code null} (and written back as JSON {@code null}).
 *
 * @param contractVersion the contract version, {@link #CONTRACT_VERSION} for this library
 * @param task the task the workflow step belongs to
 * @param step the workflow step being executed
 * @param config the step's {@code handler.initialization} map from the task template (an object)
 * @param dependencyResults each completed ancestor step's {@code result}, keyed by step name
 *     (iteration order preserved)
 */
public record StepInvocation(
        int contractVersion,
        TaskInfo task,
        StepInfo step,
        JsonNode config,
        Map<String, JsonNode> dependencyResults) {

    /** The contract version this library reads and writes. */
    public static final int CONTRACT_VERSION = 1;

    /**
     * Normalises optional parts.
     *
     * @throws NullPointerException if {@code task} or {@code step} is null
     */
    public StepInvocation {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(step, "step");
        config = config == null || config.isNull() ? JsonNodeFactory.instance.objectNode() : config;
        dependencyResults = dependencyResults == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(dependencyResults));
    }

    /**
     * The task a workflow step belongs to.
     *
     * @param uuid the task's UUID
     * @param namespace the task template's namespace
     * @param name the task template's name
     * @param version the task template's version (e.g. {@code "1.0.0"})
     * @param context the task's input JSON (any JSON value; null if absent)
     * @param correlationId the caller-supplied correlation id, or null
     */
    public record TaskInfo(
            UUID uuid, String namespace, String name, String version, JsonNode context, String correlationId) {

        /** Maps JSON {@code null} in {@code context} to Java {@code null}. */
        public TaskInfo {
            context = JsonValues.absentIfNull(context);
        }
    }

    /**
     * The workflow step being executed.
     *
     * @param uuid the workflow step's UUID
     * @param name the step name from the task template (e.g. {@code "process_batch_001"})
     * @param attempt the 1-based number of this attempt
     * @param maxAttempts the number of attempts allowed in total
     * @param inputs step-specific inputs (e.g. a batch worker's cursor), or null
     * @param checkpoint the checkpoint saved by an earlier attempt, or null
     */
    public record StepInfo(
            UUID uuid, String name, int attempt, int maxAttempts, JsonNode inputs, JsonNode checkpoint) {

        /** Maps JSON {@code null} in {@code inputs} and {@code checkpoint} to Java {@code null}. */
        public StepInfo {
            inputs = JsonValues.absentIfNull(inputs);
            checkpoint = JsonValues.absentIfNull(checkpoint);
        }
    }
}
