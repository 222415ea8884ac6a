package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.Locale;

/**
 * Writes a {@link TaskTemplate} in the template format, with every default made explicit: the JSON
 * tree served by {@code GET /v1/templates/{namespace}/{name}}, or YAML that {@link TemplateParser}
 * reads back into an equal template.
 *
 * <p>Shape: {@code {name, namespace_name, version, description, input_schema?, steps:[{name,
 * description, handler:{callable, initialization}, dependencies, type, retry:{retryable, max_attempts,
 * backoff, backoff_base_ms, max_backoff_ms}, timeout_seconds?, publishes_events, batch_config?}]}};
 * optional fields are omitted when absent. A {@code backoff: none} policy is written as its equivalent
 * {@code fixed} with {@code backoff_base_ms: 0}.
 */
public final class TemplateWriter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TemplateWriter() {
    }

    /** @return the template as a JSON tree in the template format. */
    public static ObjectNode toJson(TaskTemplate template) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", template.name());
        root.put("namespace_name", template.namespace());
        root.put("version", template.version());
        root.put("description", template.description());
        if (template.inputSchema() != null) {
            root.set("input_schema", template.inputSchema().deepCopy());
        }
        ArrayNode steps = root.putArray("steps");
        for (StepDefinition step : template.steps()) {
            steps.add(step(step));
        }
        return root;
    }

    /** @return the template as YAML in the template format. */
    public static String toYaml(TaskTemplate template) {
        try {
            return YAML.writeValueAsString(toJson(template));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises to YAML", e);
        }
    }

    private static ObjectNode step(StepDefinition step) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", step.name());
        node.put("description", step.description());
        ObjectNode handler = node.putObject("handler");
        handler.put("callable", step.handler().callable());
        handler.set("initialization", step.handler().initialization().deepCopy());
        ArrayNode dependencies = node.putArray("dependencies");
        step.dependencies().forEach(dependencies::add);
        node.put("type", step.type().yamlName());
        RetryPolicy retry = step.retry();
        ObjectNode retryNode = node.putObject("retry");
        retryNode.put("retryable", retry.retryable());
        retryNode.put("max_attempts", retry.maxAttempts());
        retryNode.put("backoff", retry.backoff().name().toLowerCase(Locale.ROOT));
        retryNode.put("backoff_base_ms", retry.backoffBaseMs());
        retryNode.put("max_backoff_ms", retry.maxBackoffMs());
        if (step.timeoutSeconds() != null) {
            node.put("timeout_seconds", step.timeoutSeconds());
        }
        ArrayNode events = node.putArray("publishes_events");
        step.publishesEvents().forEach(events::add);
        if (step.batchConfig() != null) {
            node.set("batch_config", step.batchConfig().deepCopy());
        }
        return node;
    }
}
