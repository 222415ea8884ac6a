package dev.tasker.orchestrator.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.db.Uuids;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.template.RetryPolicy;
import dev.tasker.orchestrator.template.StepDefinition;
import dev.tasker.orchestrator.template.TaskTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Inserts workflow steps of a task: the rows (with the template step's handler, pinned digest, configuration, retry
 * policy and timeout), their DAG edges and their initial {@code pending} transitions. Serves task creation and the
 * steps that decisions and batches create later (DESIGN §4).
 *
 * <p>One round trip whatever the number of steps ({@code tasker.insert_steps}, migration V17): every row (from
 * {@code jsonb_to_recordset}), every edge ({@code unnest} joined to the task's steps) and the first transitions
 * ({@code pending}, {@code {"reason": "created"}}).
 *
 * <p>Edges: a dependency on a template step links to every workflow step instantiating it (all instances of a batch
 * worker template) that exists once the steps are inserted, whether created earlier or in the same call. A
 * dependency that does not exist links nothing (DESIGN §4): a {@code deferred_convergence} step depends on those of its dependencies that exist, any other step is only created
 * once all of its dependencies exist.
 *
 * <p>Order: the rows get strictly increasing {@code created_at} in list order ({@code clock_timestamp()} plus the
 * step's position in microseconds, so that rows inserted within one microsecond still sort apart), which is the
 * order {@code ORDER BY created_at} lists a task's steps in.
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
     * The rows and edges of steps to insert, in the shapes {@code tasker.insert_steps} takes (migration V17).
     *
     * @param rows             one JSON object per step, parents before children: position, workflow_step_uuid, name,
     *                         template_step_name, step_type, handler_name, handler_digest, config, inputs, retryable,
     *                         max_attempts, backoff, backoff_base_ms, max_backoff_ms, timeout_seconds
     * @param edgeDependencies template step name of each edge's parent(s)
     * @param edgeChildren     the new step of each edge, at the same index
     * @param created          the new steps' uuids, in order
     */
    public record Batch(ArrayNode rows, String[] edgeDependencies, UUID[] edgeChildren, List<UUID> created) {
    }

    /**
     * Inserts steps in the caller's transaction ({@code tasker.insert_steps}: rows, edges and first transitions in
     * one round trip).
     *
     * @param sql      the task's transaction
     * @param task     the task
     * @param template its template
     * @param pins     handler digest per template step name (pinned at task creation)
     * @param steps    steps to create, parents before children
     * @return the new steps' uuids, in order
     * @throws IllegalStateException when a step has no pinned digest
     * @throws io.vertx.pgclient.PgException when PostgreSQL rejects the rows (e.g. a step name already in the task)
     */
    public static List<UUID> create(SqlExecutor sql, UUID task, TaskTemplate template, JsonNode pins, List<NewStep> steps) {
        if (steps.isEmpty()) {
            return List.of();
        }
        Batch batch = batch(task, template, pins, steps);
        sql.query("SELECT tasker.insert_steps($1, $2, $3, $4)", task, batch.rows(), batch.edgeDependencies(),
                batch.edgeChildren());
        return batch.created();
    }

    /**
     * Builds the rows and edges of {@code steps} with new (time-ordered) uuids, without writing anything.
     *
     * @throws IllegalStateException when a step has no pinned digest
     */
    public static Batch batch(UUID task, TaskTemplate template, JsonNode pins, List<NewStep> steps) {
        ArrayNode rows = SqlJson.MAPPER.createArrayNode();
        List<UUID> created = new ArrayList<>();
        List<String> edgeDependencies = new ArrayList<>();
        List<UUID> edgeChildren = new ArrayList<>();
        for (NewStep step : steps) {
            StepDefinition definition = template.step(step.templateStep()).orElseThrow();
            JsonNode digest = pins.get(step.templateStep());
            if (digest == null || !digest.isTextual()) {
                throw new IllegalStateException("task " + task + " has no handler pinned for step " + step.templateStep());
            }
            UUID uuid = Uuids.next();
            rows.add(row(created.size(), uuid, step, definition, digest.textValue()));
            for (String dependency : definition.dependencies()) {
                edgeDependencies.add(dependency);
                edgeChildren.add(uuid);
            }
            created.add(uuid);
        }
        return new Batch(rows, edgeDependencies.toArray(String[]::new), edgeChildren.toArray(UUID[]::new),
                List.copyOf(created));
    }

    private static ObjectNode row(int position, UUID uuid, NewStep step, StepDefinition definition, String digest) {
        RetryPolicy retry = definition.retry();
        return Json.object("position", position, "workflow_step_uuid", uuid, "name", step.name(),
                "template_step_name", step.templateStep(), "step_type", definition.type().yamlName(),
                "handler_name", definition.handler().handlerName(), "handler_digest", digest,
                "config", definition.handler().initialization(), "retryable", retry.retryable(),
                "max_attempts", retry.maxAttempts(), "backoff", retry.backoff().name().toLowerCase(),
                "backoff_base_ms", retry.backoffBaseMs(), "max_backoff_ms", retry.maxBackoffMs(),
                "inputs", step.inputs(), "timeout_seconds", definition.timeoutSeconds());
    }
}
