package dev.tasker.orchestrator.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TransitionLog;
import dev.tasker.orchestrator.template.StepDefinition;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.template.TemplateGraph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Inserts workflow steps of a task: the row (with the template step's handler, pinned digest, configuration, retry
 * policy and timeout), its DAG edges and its initial {@code pending} transition. Serves task creation and the steps
 * that decisions and batches create later (DESIGN §4).
 *
 * <p>Edges follow {@link TemplateGraph#dependenciesWhenCreated}: a dependency on a template step links to every
 * workflow step instantiating it (all instances of a batch worker template).
 */
public final class StepFactory {

    private StepFactory() {
    }

    /**
     * A step to create.
     *
     * @param name         the workflow step's name (unique in the task)
     * @param templateStep the template step it instantiates (equal to {@code name} except batch worker instances)
     * @param inputs       the step's {@code inputs} (a batch cursor), or {@code null}
     */
    public record NewStep(String name, String templateStep, JsonNode inputs) {
    }

    /**
     * @param sql      the task's transaction
     * @param task     the task
     * @param template its template
     * @param pins     handler digest per template step name (pinned at task creation)
     * @param steps    steps to create, parents before children
     * @return the new steps' uuids, in order
     * @throws IllegalStateException when a step has no pinned digest
     */
    public static List<UUID> create(SqlExecutor sql, UUID task, TaskTemplate template, JsonNode pins, List<NewStep> steps) {
        TemplateGraph graph = new TemplateGraph(template);
        Map<String, List<UUID>> byTemplateStep = new LinkedHashMap<>();
        sql.list("SELECT template_step_name, workflow_step_uuid FROM tasker.workflow_steps WHERE task_uuid = $1"
                        + " ORDER BY created_at",
                row -> byTemplateStep.computeIfAbsent(row.getString(0), k -> new ArrayList<>()).add(row.getUUID(1)), task);
        Set<String> present = new HashSet<>(byTemplateStep.keySet());
        steps.forEach(s -> present.add(s.templateStep()));

        List<UUID> created = new ArrayList<>();
        for (NewStep step : steps) {
            StepDefinition definition = template.step(step.templateStep()).orElseThrow();
            JsonNode digest = pins.get(step.templateStep());
            if (digest == null || !digest.isTextual()) {
                throw new IllegalStateException("task " + task + " has no handler pinned for step " + step.templateStep());
            }
            UUID uuid = UUID.randomUUID();
            sql.query("INSERT INTO tasker.workflow_steps (workflow_step_uuid, task_uuid, name, template_step_name, step_type,"
                            + " handler_name, handler_digest, config, inputs, retryable, max_attempts, backoff, backoff_base_ms,"
                            + " max_backoff_ms, timeout_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                    uuid, task, step.name(), step.templateStep(), definition.type().yamlName(),
                    definition.handler().handlerName(), digest.textValue(), definition.handler().initialization(),
                    step.inputs(), definition.retry().retryable(), definition.retry().maxAttempts(),
                    definition.retry().backoff().name().toLowerCase(), definition.retry().backoffBaseMs(),
                    definition.retry().maxBackoffMs(), definition.timeoutSeconds());
            for (String parent : graph.dependenciesWhenCreated(step.templateStep(), present)) {
                for (UUID parentUuid : byTemplateStep.getOrDefault(parent, List.of())) {
                    sql.query("INSERT INTO tasker.workflow_step_edges (from_step_uuid, to_step_uuid) VALUES ($1, $2)",
                            parentUuid, uuid);
                }
            }
            byTemplateStep.computeIfAbsent(step.templateStep(), k -> new ArrayList<>()).add(uuid);
            created.add(uuid);
        }
        TransitionLog.STEPS.start(sql, created, StepState.PENDING, Json.object("reason", "created"));
        return created;
    }
}
