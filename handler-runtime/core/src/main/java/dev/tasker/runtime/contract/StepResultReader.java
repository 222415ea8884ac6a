package dev.tasker.runtime.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a parsed JSON tree into a {@link StepResult}, checking every field of the contract-version-1
 * step result (the same rules as {@code docs/schemas/step-result.schema.json}). Unknown fields are
 * ignored so that newer handlers stay readable. Each failure names the field by its dotted path.
 */
final class StepResultReader {

    private static final Set<String> DECISION_TYPES = Set.of("no_branches", "create_steps");
    private static final Set<String> BATCH_TYPES = Set.of("no_batches", "create_batches");

    private StepResultReader() {}

    static StepResult read(JsonNode root) throws InvalidStepResultException {
        if (root == null || root.isMissingNode()) {
            throw new InvalidStepResultException("step result is empty: expected a JSON object");
        }
        if (!root.isObject()) {
            throw new InvalidStepResultException(
                    "step result must be a JSON object, found " + kind(root));
        }
        boolean success = requireBoolean(root, "", "success");
        ObjectNode metadata = optionalObject(root, "", "metadata");
        return success ? readSuccess(root, metadata) : readFailure(root, metadata);
    }

    private static StepResult.Success readSuccess(JsonNode root, ObjectNode metadata)
            throws InvalidStepResultException {
        JsonNode result = require(root, "", "result");
        JsonNode decision = optionalObject(root, "", "decision_point_outcome");
        if (decision != null) {
            checkDecisionOutcome(decision);
        }
        JsonNode batch = optionalObject(root, "", "batch_processing_outcome");
        if (batch != null) {
            checkBatchOutcome(batch);
        }
        return new StepResult.Success(result, metadata, decision, batch, readEvents(root));
    }

    private static StepResult.Failure readFailure(JsonNode root, ObjectNode metadata)
            throws InvalidStepResultException {
        JsonNode error = require(root, "", "error");
        if (!error.isObject()) {
            throw wrongType("error", "an object", error);
        }
        String message = requireString(error, "error.", "message");
        String errorType = requireNonEmptyString(error, "error.", "error_type");
        boolean retryable = requireBoolean(error, "error.", "retryable");
        String errorCode = optionalString(error, "error.", "error_code");
        Long retryAfterMs = null;
        JsonNode retryAfter = error.get("retry_after_ms");
        if (retryAfter != null && !retryAfter.isNull()) {
            if (!retryAfter.canConvertToExactIntegral() || !retryAfter.canConvertToLong() || retryAfter.asLong() < 0) {
                throw wrongType("error.retry_after_ms", "a non-negative integer (milliseconds)", retryAfter);
            }
            retryAfterMs = retryAfter.asLong();
        }
        return new StepResult.Failure(
                new StepResult.StepError(message, errorType, retryable, errorCode, retryAfterMs), metadata);
    }

    private static List<StepResult.DomainEvent> readEvents(JsonNode root) throws InvalidStepResultException {
        JsonNode events = root.get("events");
        if (events == null || events.isNull()) {
            return List.of();
        }
        if (!events.isArray()) {
            throw wrongType("events", "an array", events);
        }
        List<StepResult.DomainEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            String path = "events[" + i + "]";
            if (!event.isObject()) {
                throw wrongType(path, "an object", event);
            }
            String name = requireNonEmptyString(event, path + ".", "name");
            out.add(new StepResult.DomainEvent(name, event.get("payload")));
        }
        return out;
    }

    private static void checkDecisionOutcome(JsonNode outcome) throws InvalidStepResultException {
        String type = requireOneOf(outcome, "decision_point_outcome.", "type", DECISION_TYPES);
        if (type.equals("create_steps")) {
            JsonNode names = require(outcome, "decision_point_outcome.", "step_names");
            if (!names.isArray() || names.isEmpty()) {
                throw wrongType("decision_point_outcome.step_names", "a non-empty array of step names", names);
            }
            for (int i = 0; i < names.size(); i++) {
                if (!names.get(i).isTextual() || names.get(i).asText().isEmpty()) {
                    throw wrongType("decision_point_outcome.step_names[" + i + "]", "a non-empty string", names.get(i));
                }
            }
        }
    }

    private static void checkBatchOutcome(JsonNode outcome) throws InvalidStepResultException {
        String prefix = "batch_processing_outcome.";
        String type = requireOneOf(outcome, prefix, "type", BATCH_TYPES);
        if (!type.equals("create_batches")) {
            return;
        }
        requireNonEmptyString(outcome, prefix, "worker_template_name");
        requireNonNegativeInt(outcome, prefix, "worker_count");
        requireNonNegativeInt(outcome, prefix, "total_items");
        JsonNode cursors = require(outcome, prefix, "cursor_configs");
        if (!cursors.isArray()) {
            throw wrongType(prefix + "cursor_configs", "an array", cursors);
        }
        for (int i = 0; i < cursors.size(); i++) {
            JsonNode cursor = cursors.get(i);
            String cursorPrefix = prefix + "cursor_configs[" + i + "].";
            if (!cursor.isObject()) {
                throw wrongType(prefix + "cursor_configs[" + i + "]", "an object", cursor);
            }
            requireNonEmptyString(cursor, cursorPrefix, "batch_id");
            require(cursor, cursorPrefix, "start_cursor");
            require(cursor, cursorPrefix, "end_cursor");
            requireNonNegativeInt(cursor, cursorPrefix, "batch_size");
        }
    }

    private static JsonNode require(JsonNode parent, String prefix, String field) throws InvalidStepResultException {
        JsonNode value = parent.get(field);
        if (value == null) {
            throw new InvalidStepResultException("field '" + prefix + field + "' is missing");
        }
        return value;
    }

    private static boolean requireBoolean(JsonNode parent, String prefix, String field)
            throws InvalidStepResultException {
        JsonNode value = require(parent, prefix, field);
        if (!value.isBoolean()) {
            throw wrongType(prefix + field, "a boolean", value);
        }
        return value.booleanValue();
    }

    private static String requireString(JsonNode parent, String prefix, String field)
            throws InvalidStepResultException {
        JsonNode value = require(parent, prefix, field);
        if (!value.isTextual()) {
            throw wrongType(prefix + field, "a string", value);
        }
        return value.textValue();
    }

    private static String requireNonEmptyString(JsonNode parent, String prefix, String field)
            throws InvalidStepResultException {
        String value = requireString(parent, prefix, field);
        if (value.isEmpty()) {
            throw new InvalidStepResultException("field '" + prefix + field + "' must not be empty");
        }
        return value;
    }

    private static String requireOneOf(JsonNode parent, String prefix, String field, Set<String> allowed)
            throws InvalidStepResultException {
        String value = requireString(parent, prefix, field);
        if (!allowed.contains(value)) {
            throw new InvalidStepResultException("field '" + prefix + field + "' is '" + value
                    + "'; expected one of " + allowed.stream().sorted().toList());
        }
        return value;
    }

    private static void requireNonNegativeInt(JsonNode parent, String prefix, String field)
            throws InvalidStepResultException {
        JsonNode value = require(parent, prefix, field);
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
            throw wrongType(prefix + field, "a non-negative integer", value);
        }
    }

    private static String optionalString(JsonNode parent, String prefix, String field)
            throws InvalidStepResultException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(prefix + field, "a string or null", value);
        }
        return value.textValue();
    }

    private static ObjectNode optionalObject(JsonNode parent, String prefix, String field)
            throws InvalidStepResultException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw wrongType(prefix + field, "an object or null", value);
        }
        return (ObjectNode) value;
    }

    private static InvalidStepResultException wrongType(String path, String expected, JsonNode found) {
        return new InvalidStepResultException("field '" + path + "' must be " + expected + ", found " + kind(found));
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case NULL -> "null";
            case BINARY -> "binary data";
            case MISSING -> "nothing";
        };
    }
}
