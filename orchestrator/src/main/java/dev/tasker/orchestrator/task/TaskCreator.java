package dev.tasker.orchestrator.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.db.Uuids;
import dev.tasker.orchestrator.json.CanonicalJson;
import dev.tasker.orchestrator.registry.HandlerRegistry;
import dev.tasker.orchestrator.registry.StoredTemplate;
import dev.tasker.orchestrator.registry.TemplateRegistry;
import dev.tasker.orchestrator.template.ContextProblem;
import dev.tasker.orchestrator.template.ContextValidator;
import dev.tasker.orchestrator.template.StepDefinition;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.template.TemplateGraph;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Creates tasks (DESIGN §3): validates the context, pins handler versions, and in ONE transaction inserts the
 * task, its initial workflow steps ({@link TemplateGraph#initialSteps()}) and their DAG edges, the initial
 * transitions and the {@code task.created} outbox event, and enqueues the root steps (PGMQ message + wake-up
 * signal) by the task's first advance ({@code tasker.advance_task}'s rules).
 *
 * <p>Identity: {@code identity_hash = sha256(template key + "\n" + canonical JSON of the context)}
 * ({@link CanonicalJson}); a second task with the same hash, or with the same caller-supplied idempotency key, is
 * refused with {@link DuplicateTaskException} naming the existing task. The task row is inserted without looking
 * first: the unique indexes on both decide (also when two requests race), and only a refused insert looks up the
 * existing task, after the rollback.
 *
 * <p>Round trips per task, whatever the number of steps: the template lookup, then in the transaction one query
 * pinning every handler ({@link HandlerRegistry#resolveAll}) and one call of {@code tasker.create_task} (migration
 * V17) writing all of the above, the rows built by {@link StepFactory#batch}.
 *
 * <p>Handler versions are resolved once, at creation, for every step of the template (also steps created later
 * by decisions and batches): {@code name} → the live version, {@code name@sha256:...} → that version.
 */
@ApplicationScoped
public class TaskCreator {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;
    private final TemplateRegistry templates;
    private final HandlerRegistry handlers;
    private final ContextValidator contextValidator = new ContextValidator();

    public TaskCreator(Database db, TemplateRegistry templates, HandlerRegistry handlers) {
        this.db = db;
        this.templates = templates;
        this.handlers = handlers;
    }

    /**
     * @param request what to create
     * @return the new task's uuid
     * @throws TaskNotFoundException        when no template matches (404)
     * @throws InvalidContextException      when the context fails the template's {@code input_schema} (422)
     * @throws UndeployedHandlersException  when a step's handler is not deployed (422)
     * @throws DuplicateTaskException       when the identity hash or idempotency key is taken (409)
     */
    public UUID create(TaskRequest request) {
        StoredTemplate stored = templates.find(request.namespace(), request.name(), request.version())
                .orElseThrow(() -> new TaskNotFoundException("no task template " + request.namespace() + "/"
                        + request.name() + (request.version() == null ? "" : "@" + request.version()) + " is registered"));
        TaskTemplate template = stored.template();
        JsonNode context = request.context() == null ? SqlJson.MAPPER.createObjectNode() : request.context();
        List<ContextProblem> problems = contextValidator.validate(template, context);
        if (!problems.isEmpty()) {
            throw new InvalidContextException(template.key(), problems);
        }
        String identityHash = CanonicalJson.sha256(template.key() + "\n" + CanonicalJson.write(context));
        String correlationId = request.correlationId() == null ? UUID.randomUUID().toString() : request.correlationId();
        try {
            return db.transaction(tx -> {
                ObjectNode pins = pinHandlers(tx, template, identityHash, request.idempotencyKey());
                UUID task = Uuids.next();
                List<StepFactory.NewStep> roots = new TemplateGraph(template).initialSteps().stream()
                        .map(name -> new StepFactory.NewStep(name, name, null)).toList();
                StepFactory.Batch steps = StepFactory.batch(task, template, pins, roots);
                // one round trip: task row, first transitions, steps and edges, task.created, first advance
                tx.query("SELECT tasker.create_task($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                        task, stored.uuid(), template.namespace(), template.name(), template.version(), context,
                        correlationId, identityHash, request.idempotencyKey(), pins, steps.rows(),
                        steps.edgeDependencies(), steps.edgeChildren());
                return task;
            });
        } catch (PgException e) {
            if (UNIQUE_VIOLATION.equals(e.getSqlState())) {
                throw findDuplicate(db, identityHash, request.idempotencyKey()).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private static Optional<DuplicateTaskException> findDuplicate(SqlExecutor sql, String identityHash, String idempotencyKey) {
        return sql.first("SELECT task_uuid, identity_hash = $1 AS same_identity FROM tasker.tasks"
                        + " WHERE identity_hash = $1 OR ($2::text IS NOT NULL AND idempotency_key = $2)"
                        + " ORDER BY (identity_hash = $1) DESC LIMIT 1",
                row -> new DuplicateTaskException(row.getUUID("task_uuid"),
                        row.getBoolean("same_identity") ? "template and context (identity hash)" : "idempotency key"),
                identityHash, idempotencyKey);
    }

    /**
     * @return {@code {template step name: digest}} for every step of the template
     * @throws DuplicateTaskException      when a handler is not deployed but the task is a duplicate (409 wins)
     * @throws UndeployedHandlersException when a handler is not deployed
     */
    private ObjectNode pinHandlers(SqlExecutor sql, TaskTemplate template, String identityHash, String idempotencyKey) {
        Map<String, String> resolved = handlers.resolveAll(sql, template.steps().stream().map(StepDefinition::handler).toList());
        ObjectNode digests = SqlJson.MAPPER.createObjectNode();
        Set<String> missing = new LinkedHashSet<>();
        for (StepDefinition step : template.steps()) {
            String digest = resolved.get(step.handler().callable());
            if (digest != null) {
                digests.put(step.name(), digest);
            } else {
                missing.add(step.handler().callable());
            }
        }
        if (!missing.isEmpty()) {
            findDuplicate(sql, identityHash, idempotencyKey).ifPresent(e -> {
                throw e;
            });
            throw new UndeployedHandlersException(template.key(), List.copyOf(missing));
        }
        return digests;
    }
}
