package dev.tasker.runtime.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The step result (contract version 1, DESIGN §2): the JSON document a handler writes to stdout, or
 * the typed failure the host produces instead (see {@link ErrorTypes}).
 *
 * <p>Wire shapes (snake_case, see {@code docs/schemas/step-result.schema.json}):
 * <pre>{@code
 * {"success": true, "result": <any JSON>, "metadata": {...},
 *  "decision_point_outcome"?: {...}, "batch_processing_outcome"?: {...},
 *  "events"?: [{"name": "...", "payload": <any JSON>}]}
 * {"success": false,
 *  "error": {"message", "error_type", "retryable", "error_code"?, "retry_after_ms"?},
 *  "metadata": {...}}
 * }</pre>
 * Serialise with {@link ContractJson#writeResult} and parse with {@link ContractJson#readResult}.
 */
public sealed interface StepResult permits StepResult.Success, StepResult.Failure {

    /**
     * Handler- and host-supplied metadata (never null). The host overwrites the keys listed in
     * {@link ErrorTypes} ({@code execution_time_ms}, {@code stderr}, {@code execution_mode},
     * {@code module_digest}).
     *
     * @return the metadata object
     */
    ObjectNode metadata();

    /**
     * Returns a copy of this result whose metadata is {@code metadata}.
     *
     * @param metadata the new metadata object (null means an empty object)
     * @return a result of the same kind with the other fields unchanged
     */
    StepResult withMetadata(ObjectNode metadata);

    /** @return true for {@link Success}, false for {@link Failure} */
    default boolean isSuccess() {
        return this instanceof Success;
    }

    /**
     * A successful result without optional fields and with empty metadata.
     *
     * @param result the step's result JSON (null means JSON null)
     * @return the success result
     */
    static Success success(JsonNode result) {
        return new Success(result, null, null, null, List.of());
    }

    /**
     * A failure result with empty metadata.
     *
     * @param errorType the error type, e.g. {@link ErrorTypes#HANDLER_TIMEOUT} or a handler's own type
     * @param message a human-readable description
     * @param retryable whether another attempt may succeed
     * @return the failure result
     */
    static Failure failure(String errorType, String message, boolean retryable) {
        return new Failure(new StepError(message, errorType, retryable, null, null), null);
    }

    /**
     * A successful step.
     *
     * @param result the step's result (any JSON; Java null is normalised to JSON null)
     * @param metadata metadata object (null is normalised to an empty object)
     * @param decisionPointOutcome for {@code decision} steps: {@code {"type":"no_branches"}} or
     *     {@code {"type":"create_steps","step_names":[...]}} (DESIGN §4); null when absent
     * @param batchProcessingOutcome for {@code batchable} steps: {@code {"type":"no_batches"}} or
     *     {@code {"type":"create_batches", ...}} (DESIGN §4); null when absent
     * @param events domain events the step emits (null is normalised to an empty list)
     */
    record Success(
            JsonNode result,
            ObjectNode metadata,
            JsonNode decisionPointOutcome,
            JsonNode batchProcessingOutcome,
            List<DomainEvent> events)
            implements StepResult {

        /** Normalises null fields as documented on the record. */
        public Success {
            result = result == null ? NullNode.getInstance() : result;
            metadata = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
            decisionPointOutcome = JsonValues.absentIfNull(decisionPointOutcome);
            batchProcessingOutcome = JsonValues.absentIfNull(batchProcessingOutcome);
            events = events == null ? List.of() : List.copyOf(events);
        }

        @Override
        public Success withMetadata(ObjectNode newMetadata) {
            return new Success(result, newMetadata, decisionPointOutcome, batchProcessingOutcome, events);
        }
    }

    /**
     * A failed step.
     *
     * @param error what went wrong (required)
     * @param metadata metadata object (null is normalised to an empty object)
     */
    record Failure(StepError error, ObjectNode metadata) implements StepResult {

        /**
         * Normalises null metadata.
         *
         * @throws NullPointerException if {@code error} is null
         */
        public Failure {
            Objects.requireNonNull(error, "error");
            metadata = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
        }

        @Override
        public Failure withMetadata(ObjectNode newMetadata) {
            return new Failure(error, newMetadata);
        }
    }

    /**
     * The error of a failed step.
     *
     * @param message human-readable description (required)
     * @param errorType machine-readable category, e.g. {@code "validation_error"} or one of
     *     {@link ErrorTypes} (required)
     * @param retryable whether the orchestrator may run another attempt
     * @param errorCode optional handler-specific code, or null
     * @param retryAfterMs optional delay in milliseconds the handler asks for before the next
     *     attempt (wire {@code retry_after_ms}), or null
     */
    record StepError(String message, String errorType, boolean retryable, String errorCode, Long retryAfterMs) {

        /** @throws NullPointerException if {@code message} or {@code errorType} is null */
        public StepError {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(errorType, "errorType");
        }
    }

    /**
     * A domain event emitted by a successful step.
     *
     * @param name the event name, e.g. {@code "order.shipped"} (required)
     * @param payload the event payload (any JSON; Java null is normalised to JSON null)
     */
    record DomainEvent(String name, JsonNode payload) {

        /** @throws NullPointerException if {@code name} is null */
        public DomainEvent {
            Objects.requireNonNull(name, "name");
            payload = payload == null ? NullNode.getInstance() : payload;
        }
    }
}
