package dev.tasker.orchestrator.task;

import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TaskState;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read side of tasks for the REST API: task, step, listing and transition views. */
@ApplicationScoped
public class TaskQueries {

    /** Largest page of {@link #list}. */
    public static final int MAX_LIMIT = 500;

    private static final String STEP_SELECT = "SELECT ws.workflow_step_uuid, ws.name, t.to_state, ws.attempts, ws.max_attempts,"
            + " ws.retryable, ws.handler_name, ws.handler_digest, ws.results, ws.error, ws.next_retry_at, ws.created_at,"
            + " ws.updated_at, ws.completed_at, ws.execution_time_ms,"
            // each parent's name by a key probe (a join here was planned as a hash join over all steps)
            + " ARRAY(SELECT (SELECT p.name FROM tasker.workflow_steps p WHERE p.workflow_step_uuid = e.from_step_uuid)"
            + "   FROM tasker.workflow_step_edges e WHERE e.to_step_uuid = ws.workflow_step_uuid ORDER BY 1) AS dependencies"
            + " FROM tasker.workflow_steps ws JOIN tasker.workflow_step_transitions t"
            + " ON t.workflow_step_uuid = ws.workflow_step_uuid AND t.most_recent";
    /** Tasks {@code tk} with their current transition {@code tt}. */
    private static final String TASKS_WITH_STATE = " FROM tasker.tasks tk JOIN tasker.task_transitions tt"
            + " ON tt.task_uuid = tk.task_uuid AND tt.most_recent";
    private static final String TASK_SELECT = "SELECT tk.task_uuid, tk.namespace, tk.name, tk.version, tt.to_state,"
            + " tk.correlation_id, tk.created_at, tk.updated_at, tk.completed_at" + TASKS_WITH_STATE;

    /**
     * A task and its steps in one statement (one consistent snapshot): a row per step in creation order (one row with
     * null step columns for a task without steps), the task's columns named {@code task_*} where a step's clash.
     */
    private static final String TASK_WITH_STEPS = "SELECT tk.task_uuid, tk.namespace, tk.name AS task_name, tk.version,"
            + " tt.to_state AS task_state, tk.correlation_id, tk.created_at AS task_created_at,"
            + " tk.updated_at AS task_updated_at, tk.completed_at AS task_completed_at, tk.context, s.*" + TASKS_WITH_STATE
            + " LEFT JOIN LATERAL (" + STEP_SELECT + " WHERE ws.task_uuid = tk.task_uuid) s ON true"
            + " WHERE tk.task_uuid = $1 ORDER BY s.created_at, s.name";

    private final Database db;

    public TaskQueries(Database db) {
        this.db = db;
    }

    /**
     * @return the task with its steps and step counts
     * @throws TaskNotFoundException when it does not exist
     */
    public TaskView task(UUID taskUuid) {
        List<Row> rows = db.list(TASK_WITH_STEPS, row -> row, taskUuid);
        if (rows.isEmpty()) {
            throw new TaskNotFoundException("no task " + taskUuid);
        }
        List<StepView> steps = rows.stream().filter(row -> row.getUUID("workflow_step_uuid") != null)
                .map(TaskQueries::step).toList();
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("total", steps.size());
        for (StepState s : StepState.values()) {
            counts.put(s.wireName(), 0);
        }
        steps.forEach(s -> counts.merge(s.state(), 1, Integer::sum));
        Row task = rows.get(0);
        return new TaskView(task.getUUID("task_uuid"), task.getString("namespace"), task.getString("task_name"),
                task.getString("version"), task.getString("task_state"), SqlJson.fromSql(task.getValue("context")),
                task.getString("correlation_id"), task.getOffsetDateTime("task_created_at"),
                task.getOffsetDateTime("task_updated_at"), task.getOffsetDateTime("task_completed_at"), counts, steps);
    }

    /**
     * @param stepRef the step's uuid or its name within the task
     * @return the step
     * @throws TaskNotFoundException when the task or step does not exist
     */
    public StepView step(UUID taskUuid, String stepRef) {
        UUID step = resolveStep(db, taskUuid, stepRef);
        return db.first(STEP_SELECT + " WHERE ws.workflow_step_uuid = $1", TaskQueries::step, step).orElseThrow();
    }

    /**
     * @param namespace filter, or {@code null}
     * @param name      filter, or {@code null}
     * @param state     filter (a task state name), or {@code null}
     * @param limit     page size, 1..{@value #MAX_LIMIT}
     * @param offset    tasks to skip, {@code >= 0}
     * @return the page, newest first
     * @throws IllegalArgumentException when {@code state}, {@code limit} or {@code offset} is invalid
     */
    public TaskPage list(String namespace, String name, String state, int limit, int offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, got " + offset);
        }
        if (state != null && Arrays.stream(TaskState.values()).noneMatch(s -> s.wireName().equals(state))) {
            throw new IllegalArgumentException("unknown task state '" + state + "'");
        }
        String where = " WHERE ($1::text IS NULL OR tk.namespace = $1) AND ($2::text IS NULL OR tk.name = $2)"
                + " AND ($3::text IS NULL OR tt.to_state = $3)";
        long total = db.first("SELECT count(*)" + TASKS_WITH_STATE + where, row -> row.getLong(0),
                namespace, name, state).orElse(0L);
        List<TaskSummary> items = db.list(TASK_SELECT + where + " ORDER BY tk.created_at DESC, tk.task_uuid LIMIT $4 OFFSET $5",
                row -> new TaskSummary(row.getUUID("task_uuid"), row.getString("namespace"), row.getString("name"),
                        row.getString("version"), row.getString("to_state"), row.getString("correlation_id"),
                        row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"),
                        row.getOffsetDateTime("completed_at")),
                namespace, name, state, limit, offset);
        return new TaskPage(items, total, limit, offset);
    }

    /**
     * @return the task's transitions and those of its steps, in the order they were recorded
     * @throws TaskNotFoundException when the task does not exist
     */
    public List<TransitionView> transitions(UUID taskUuid) {
        if (db.first("SELECT 1 FROM tasker.tasks WHERE task_uuid = $1", row -> row, taskUuid).isEmpty()) {
            throw new TaskNotFoundException("no task " + taskUuid);
        }
        return db.list("SELECT 'task' AS entity, NULL::uuid AS step_uuid, NULL::text AS step_name, from_state, to_state,"
                        + " metadata, sort_key, created_at FROM tasker.task_transitions WHERE task_uuid = $1"
                        + " UNION ALL"
                        + " SELECT 'workflow_step', ws.workflow_step_uuid, ws.name, st.from_state, st.to_state, st.metadata,"
                        + " st.sort_key, st.created_at FROM tasker.workflow_step_transitions st"
                        + " JOIN tasker.workflow_steps ws ON ws.workflow_step_uuid = st.workflow_step_uuid"
                        + " WHERE ws.task_uuid = $1"
                        + " ORDER BY created_at, entity, step_name, sort_key",
                row -> new TransitionView(row.getString("entity"), row.getUUID("step_uuid"), row.getString("step_name"),
                        row.getString("from_state"), row.getString("to_state"), SqlJson.fromSql(row.getValue("metadata")),
                        row.getInteger("sort_key"), row.getOffsetDateTime("created_at")),
                taskUuid);
    }

    /**
     * @param stepRef a step uuid or a step name within the task
     * @return the step's uuid
     * @throws TaskNotFoundException when the task has no such step
     */
    static UUID resolveStep(SqlExecutor sql, UUID taskUuid, String stepRef) {
        UUID byUuid = parseUuid(stepRef);
        Optional<UUID> step = sql.first("SELECT workflow_step_uuid FROM tasker.workflow_steps"
                        + " WHERE task_uuid = $1 AND (workflow_step_uuid = $2 OR name = $3)",
                row -> row.getUUID(0), taskUuid, byUuid, stepRef);
        return step.orElseThrow(() -> new TaskNotFoundException("task " + taskUuid + " has no step " + stepRef));
    }

    private static UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static StepView step(Row row) {
        Long executionTime = row.getLong("execution_time_ms");
        return new StepView(row.getUUID("workflow_step_uuid"), row.getString("name"), row.getString("to_state"),
                row.getInteger("attempts"), row.getInteger("max_attempts"), row.getBoolean("retryable"),
                row.getString("handler_name"), row.getString("handler_digest"),
                Arrays.asList(row.getArrayOfStrings("dependencies")), SqlJson.fromSql(row.getValue("results")),
                SqlJson.fromSql(row.getValue("error")), row.getOffsetDateTime("next_retry_at"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"),
                row.getOffsetDateTime("completed_at"), executionTime);
    }
}
