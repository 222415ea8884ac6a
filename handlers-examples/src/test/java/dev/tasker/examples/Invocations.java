package dev.tasker.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepInvocation.StepInfo;
import dev.tasker.runtime.contract.StepInvocation.TaskInfo;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds step invocations for direct handler tests: {@code Invocations.step("x").context(...).build()}. */
final class Invocations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String stepName;
    private UUID taskUuid = UUID.randomUUID();
    private JsonNode context = JsonNodeFactory.instance.objectNode();
    private JsonNode config = JsonNodeFactory.instance.objectNode();
    private JsonNode inputs;
    private int attempt = 1;
    private int maxAttempts = 3;
    private final Map<String, JsonNode> dependencyResults = new LinkedHashMap<>();

    private Invocations(String stepName) {
        this.stepName = stepName;
    }

    /** Starts an invocation of the workflow step {@code stepName}. */
    static Invocations step(String stepName) {
        return new Invocations(stepName);
    }

    /** Parses JSON text (test literals). */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a new empty JSON object */
    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    Invocations task(UUID uuid) {
        this.taskUuid = uuid;
        return this;
    }

    Invocations context(JsonNode value) {
        this.context = value;
        return this;
    }

    Invocations config(JsonNode value) {
        this.config = value;
        return this;
    }

    Invocations inputs(JsonNode value) {
        this.inputs = value;
        return this;
    }

    Invocations attempt(int value, int max) {
        this.attempt = value;
        this.maxAttempts = max;
        return this;
    }

    Invocations dependency(String step, JsonNode result) {
        dependencyResults.put(step, result);
        return this;
    }

    Invocations dependencies(Map<String, JsonNode> results) {
        dependencyResults.putAll(results);
        return this;
    }

    StepInvocation build() {
        return build("examples", "example", "1.0.0");
    }

    /** Builds the invocation for a task of template {@code namespace/name@version}. */
    StepInvocation build(String namespace, String name, String version) {
        return new StepInvocation(StepInvocation.CONTRACT_VERSION,
                new TaskInfo(taskUuid, namespace, name, version, context, null),
                new StepInfo(UUID.nameUUIDFromBytes((taskUuid + "/" + stepName).getBytes()), stepName, attempt,
                        maxAttempts, inputs, null),
                config, dependencyResults);
    }
}
