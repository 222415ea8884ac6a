package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * A validated task template: a versioned DAG of workflow steps, field-compatible with tasker-core's
 * YAML templates (see {@code ../shared/DESIGN.md} §3 and {@code docs/task-templates.md}).
 *
 * <p>Identity is {@code namespace/name@version}. Instances are immutable and only ever built by
 * {@link TemplateParser}, which guarantees: step names are unique, every dependency names a declared
 * step, the dependency graph is acyclic, the decision and batch rules hold, retry values are in range
 * and {@code inputSchema} is a valid JSON Schema. {@link TemplateGraph} answers DAG queries on it.
 *
 * @param namespace   {@code namespace_name}: also selects the worker queue {@code worker_{namespace}_queue}
 * @param name        template name, unique within the namespace and version
 * @param version     semantic version {@code MAJOR.MINOR.PATCH[-prerelease]}, e.g. {@code 1.0.0}
 * @param description human description, may be empty
 * @param inputSchema JSON Schema the task context must satisfy, or {@code null} when the template has none
 * @param steps       step definitions in declaration order
 * @param source      where the template came from (file path or {@code "<api>"}), for error messages
 */
public record TaskTemplate(
        String namespace,
        String name,
        String version,
        String description,
        JsonNode inputSchema,
        List<StepDefinition> steps,
        String source) {

    public TaskTemplate {
        steps = List.copyOf(steps);
    }

    /** @return {@code namespace/name@version}, the key templates are registered and looked up under. */
    public String key() {
        return namespace + "/" + name + "@" + version;
    }

    /** @return the step definition called {@code stepName}, if declared. */
    public Optional<StepDefinition> step(String stepName) {
        return steps.stream().filter(s -> s.name().equals(stepName)).findFirst();
    }
}
