package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.JsonSchema;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Validates task contexts against their template's {@code input_schema} (JSON Schema, draft 2020-12
 * unless the schema's {@code $schema} names draft 4, 6, 7 or 2019-09; networknt json-schema-validator).
 *
 * <p>Each template's schema is compiled once and cached under the template's key
 * ({@code namespace/name@version}); a different schema later registered under the same key replaces
 * the cached one. Thread-safe.
 */
public final class ContextValidator {

    private record Compiled(JsonNode schemaNode, JsonSchema schema) {
    }

    private final ConcurrentMap<String, Compiled> compiled = new ConcurrentHashMap<>();

    /**
     * @param template a template built by {@link TemplateParser} (its {@code input_schema} is known valid)
     * @param context  the task context; {@code null} is treated as JSON {@code null}
     * @return the problems, each with a JSON pointer into the context; empty when the context is valid
     *         or the template has no {@code input_schema}
     */
    public List<ContextProblem> validate(TaskTemplate template, JsonNode context) {
        JsonNode schemaNode = template.inputSchema();
        if (schemaNode == null) {
            return List.of();
        }
        JsonSchema schema = compiled.compute(template.key(), (key, cached) ->
                cached != null && cached.schemaNode().equals(schemaNode)
                        ? cached
                        : new Compiled(schemaNode, JsonSchemas.compile(schemaNode))).schema();
        return JsonSchemas.validate(schema, context == null ? NullNode.getInstance() : context).stream()
                .map(issue -> new ContextProblem(issue.pointer(), issue.message()))
                .toList();
    }
}
