package dev.tasker.orchestrator.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.GroupCommit;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.db.Uuids;
import dev.tasker.orchestrator.json.CanonicalJson;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.registry.HandlerRegistry;
import dev.tasker.orchestrator.registry.StoredTemplate;
import dev.tasker.orchestrator.registry.TemplateRegistry;
import dev.tasker.orchestrator.template.ContextProblem;
import dev.tasker.orchestrator.template.ContextValidator;
import dev.tasker.orchestrator.template.StepDefinition;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.template.TemplateGraph;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * first: the unique indexes on both decide (also when two requests race, or two creations share a batch), and only
 * a refused task looks up the existing one, after the commit.
 *
 * <p>Creations are written with group commit ({@link GroupCommit}, migration V22): the requests that arrive while
 * one batch is being written share the next transaction, which pins the handlers of each template once
 * ({@link HandlerRegistry#resolveAll}) and writes every task with one call of {@code tasker.create_tasks}, the rows
 * built by {@link StepFactory#batch}. Alone, a creation is written at once: the template lookup, then one round trip
 * for the pins and one for the rows. A creation refused on its own (a duplicate, an undeployed handler) does not
 * fail its neighbours; if a batch fails for another reason, its creations are written again one by one.
 *
 * <p>Handler versions are resolved once, at creation, for every step of the template (also steps created later
 * by decisions and batches): {@code name} → the live version, {@code name@sha256:...} → that version.
 */
@ApplicationScoped
public class TaskCreator {

    /** A validated request, ready to write. */
    private record Creation(UUID task, StoredTemplate stored, JsonNode context, String correlationId,
                            String identityHash, String idempotencyKey) {
    }

    /** What the batch did with one creation. */
    private sealed interface Written {
        /** Inserted. */
        record Created() implements Written {
        }

        /** Refused by the identity hash's or idempotency key's unique index; nothing written. */
        record Duplicate() implements Written {
        }

        /** Refused before writing (a handler not deployed, or a duplicate found while checking that). */
        record Refused(RuntimeException reason) implements Written {
        }
    }

    private final Database db;
    private final TemplateRegistry templates;
    private final HandlerRegistry handlers;
    private final ContextValidator contextValidator = new ContextValidator();
    private final GroupCommit<Creation, Written> creations = new GroupCommit<>("task creations", this::write);

    public TaskCreator(Database db, TemplateRegistry templates, HandlerRegistry handlers) {
        this.db = db;
        this.templates = templates;
        this.handlers = handlers;
    }

    /**
     * Creates a task and waits until it is committed (blocks the calling thread).
     *
     * @param request what to create
     * @return the new task's uuid
     * @throws TaskNotFoundException        when no template matches (404)
     * @throws InvalidContextException      when the context fails the template's {@code input_schema} (422)
     * @throws UndeployedHandlersException  when a step's handler is not deployed (422)
     * @throws DuplicateTaskException       when the identity hash or idempotency key is taken (409)
     * @throws IllegalStateException        when the task was refused as a duplicate but the task holding its identity
     *                                      hash or idempotency key was deleted before it could be named (retrying
     *                                      creates it)
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
        Creation creation = new Creation(Uuids.next(), stored, context,
                request.correlationId() == null ? UUID.randomUUID().toString() : request.correlationId(),
                CanonicalJson.sha256(template.key() + "\n" + CanonicalJson.write(context)), request.idempotencyKey());
        return switch (creations.write(creation)) {
            case Written.Created created -> creation.task();
            case Written.Refused refused -> throw refused.reason();
            case Written.Duplicate duplicate -> throw findDuplicate(db, creation.identityHash(), creation.idempotencyKey())
                    .orElseThrow(() -> new IllegalStateException("task " + template.key() + " was refused as a"
                            + " duplicate, but no task holds its identity hash or idempotency key any more; retry"));
        };
    }

    /** Stops the creations' writer thread (at shutdown); creations not written yet fail. */
    @PreDestroy
    void close() {
        creations.close();
    }

    /** @return creations queued behind the batch being written (for tests and diagnostics) */
    int queued() {
        return creations.queued();
    }

    /** Writes a batch of creations in one transaction (see the class comment); one result per creation, in order. */
    private List<Written> write(List<Creation> batch) {
        return db.transaction(tx -> {
            Map<UUID, Map<String, String>> resolvedByTemplate = new HashMap<>();
            List<Written> written = new ArrayList<>();
            ArrayNode rows = SqlJson.MAPPER.createArrayNode();
            for (Creation creation : batch) {
                TaskTemplate template = creation.stored().template();
                Map<String, String> resolved = resolvedByTemplate.computeIfAbsent(creation.stored().uuid(),
                        uuid -> handlers.resolveAll(tx, template.steps().stream().map(StepDefinition::handler).toList()));
                try {
                    rows.add(row(rows.size(), creation, pins(tx, creation, resolved)));
                    written.add(null); // decided by create_tasks below
                } catch (DuplicateTaskException | UndeployedHandlersException refused) {
                    written.add(new Written.Refused(refused));
                }
            }
            if (!rows.isEmpty()) {
                Map<UUID, Boolean> created = new HashMap<>();
                tx.list("SELECT task_uuid, created FROM tasker.create_tasks($1)",
                        row -> created.put(row.getUUID(0), row.getBoolean(1)), rows);
                for (int i = 0; i < batch.size(); i++) {
                    if (written.get(i) == null) {
                        written.set(i, created.get(batch.get(i).task()) ? new Written.Created() : new Written.Duplicate());
                    }
                }
            }
            return written;
        });
    }

    /** One element of {@code tasker.create_tasks}' array (migration V22). */
    private static ObjectNode row(int position, Creation creation, ObjectNode pins) {
        TaskTemplate template = creation.stored().template();
        List<StepFactory.NewStep> roots = new TemplateGraph(template).initialSteps().stream()
                .map(name -> new StepFactory.NewStep(name, name, null)).toList();
        StepFactory.Batch steps = StepFactory.batch(creation.task(), template, pins, roots);
        ObjectNode row = Json.object("position", position, "task_uuid", creation.task(),
                "template_uuid", creation.stored().uuid(), "namespace", template.namespace(), "name", template.name(),
                "version", template.version(), "context", creation.context(), "correlation_id", creation.correlationId(),
                "identity_hash", creation.identityHash(), "idempotency_key", creation.idempotencyKey(),
                "handler_pins", pins, "steps", steps.rows());
        ArrayNode dependencies = row.putArray("edge_dependencies");
        Arrays.stream(steps.edgeDependencies()).forEach(dependencies::add);
        ArrayNode children = row.putArray("edge_children");
        Arrays.stream(steps.edgeChildren()).forEach(child -> children.add(child.toString()));
        return row;
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
     * @param resolved digest per handler callable, as {@link HandlerRegistry#resolveAll} resolved them in this
     *                 transaction for the creation's template
     * @return {@code {template step name: digest}} for every step of the template
     * @throws DuplicateTaskException      when a handler is not deployed but the task is a duplicate (409 wins)
     * @throws UndeployedHandlersException when a handler is not deployed
     */
    private static ObjectNode pins(SqlExecutor sql, Creation creation, Map<String, String> resolved) {
        TaskTemplate template = creation.stored().template();
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
            findDuplicate(sql, creation.identityHash(), creation.idempotencyKey()).ifPresent(e -> {
                throw e;
            });
            throw new UndeployedHandlersException(template.key(), List.copyOf(missing));
        }
        return digests;
    }
}
