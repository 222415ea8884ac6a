package dev.tasker.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Completes a partial step invocation (DESIGN §2) for {@code tasker invoke}, so a user can pass as little as
 * {@code {"task":{"context":{...}}}}. Defaults, each replaced by any value the user gives:
 * <pre>
 * contract_version   1
 * task               uuid: random, namespace: "local", name: "invoke", version: "0.0.0", context: {},
 *                    correlation_id: random uuid
 * step               uuid: random, name: the module file name without ".wasm", attempt: 1, max_attempts: 1,
 *                    inputs: null, checkpoint: null
 * config             {}
 * dependency_results {}
 * </pre>
 * Objects are merged field by field; any other value given replaces the default whole.
 */
public final class InvocationDefaults {

    private InvocationDefaults() {
    }

    /**
     * @param partial  what the user gave (a JSON object)
     * @param stepName the default step name
     * @return a complete invocation JSON object
     * @throws CliException {@link ExitCode#INVALID_INPUT} when {@code partial} is not a JSON object
     */
    public static ObjectNode complete(JsonNode partial, String stepName) {
        if (!partial.isObject()) {
            throw new CliException(ExitCode.INVALID_INPUT, "--input must be a JSON object (a step invocation, "
                    + "or part of one such as {\"task\":{\"context\":{...}}}), not " + partial.getNodeType().name().toLowerCase());
        }
        ObjectNode invocation = Json.object().put("contract_version", 1);
        invocation.putObject("task")
                .put("uuid", UUID.randomUUID().toString())
                .put("namespace", "local")
                .put("name", "invoke")
                .put("version", "0.0.0")
                .put("correlation_id", UUID.randomUUID().toString())
                .putObject("context");
        invocation.putObject("step")
                .put("uuid", UUID.randomUUID().toString())
                .put("name", stepName)
                .put("attempt", 1)
                .put("max_attempts", 1)
                .putNull("inputs")
                .putNull("checkpoint");
        invocation.putObject("config");
        invocation.putObject("dependency_results");
        merge(invocation, (ObjectNode) partial);
        return invocation;
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode givenObject
                    && !existingObject.isEmpty()) {
                merge(existingObject, givenObject);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }
}
