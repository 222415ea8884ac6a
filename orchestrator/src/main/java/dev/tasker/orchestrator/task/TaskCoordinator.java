package dev.tasker.orchestrator.task;

import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.state.TaskState;
import dev.tasker.orchestrator.state.TransitionLog;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.mutiny.sqlclient.Row;

import java.util.UUID;

/**
 * Moves a task forward from what its workflow steps say, inside the caller's transaction: enqueues the steps that
 * became ready and records the task's resulting state. Used after task creation, after every processed step
 * result, when a retry backoff expires and after operator actions.
 *
 * <p>Callers must hold the task's row lock ({@link #lockTask}), which serialises everything that moves one task.
 *
 * <p>Rules, from {@code tasker.get_task_execution_context} (first match wins; implemented in
 * {@code tasker.advance_task}):
 * <ul>
 *   <li>has ready steps: enqueue each (CAS {@code pending|waiting_for_retry → enqueued}, PGMQ message to
 *       {@code worker_{namespace}_queue} and NOTIFY, same transaction); task → {@code enqueuing_steps →
 *       steps_in_process};</li>
 *   <li>a step in {@code error}: task → {@code blocked_by_failures}; once no step is in flight → {@code error};</li>
 *   <li>steps in flight: task → {@code steps_in_process};</li>
 *   <li>all steps complete: task → {@code complete} ({@code resolved_manually} when an operator resolved any);</li>
 *   <li>a step waits for its backoff: task → {@code waiting_for_retry}; otherwise {@code waiting_for_dependencies}.</li>
 * </ul>
 * The task passes through {@code initializing} (from {@code pending}) or {@code evaluating_results} (from any other
 * state) first; when the outcome equals the current state and nothing was enqueued, nothing is recorded. A task in
 * {@code error} is only reopened by an operator action on one of its steps ({@link #reopen}).
 */
public final class TaskCoordinator {

    private TaskCoordinator() {
    }

    /**
     * Locks the task's row for the rest of the transaction.
     *
     * @return the task's namespace and correlation id, or {@code null} when the task does not exist
     */
    public static TaskRef lockTask(SqlExecutor sql, UUID taskUuid) {
        return sql.first("SELECT task_uuid, namespace, correlation_id FROM tasker.tasks WHERE task_uuid = $1 FOR UPDATE",
                TaskCoordinator::ref, taskUuid).orElse(null);
    }

    /**
     * Like {@link #lockTask} but returns {@code null} at once when another transaction holds the lock.
     */
    public static TaskRef tryLockTask(SqlExecutor sql, UUID taskUuid) {
        return sql.first("SELECT task_uuid, namespace, correlation_id FROM tasker.tasks WHERE task_uuid = $1"
                + " FOR UPDATE SKIP LOCKED", TaskCoordinator::ref, taskUuid).orElse(null);
    }

    private static TaskRef ref(Row row) {
        return new TaskRef(row.getUUID("task_uuid"), row.getString("namespace"), row.getString("correlation_id"));
    }

    /**
     * The identity of a locked task.
     *
     * @param uuid          the task
     * @param namespace     its namespace (selects the worker queue)
     * @param correlationId its correlation id
     */
    public record TaskRef(UUID uuid, String namespace, String correlationId) {
    }

    /**
     * Applies the rules above once ({@code tasker.advance_task}, migration V4: the same function the batched
     * result processing runs, so there is one implementation of these rules).
     *
     * @param sql  the transaction holding the task's lock
     * @param task the locked task
     * @return the task's state afterwards
     */
    public static TaskState advance(SqlExecutor sql, TaskRef task) {
        return sql.first("SELECT tasker.advance_task($1)", row -> TaskState.fromWire(row.getString(0)), task.uuid())
                .orElseThrow();
    }

    /**
     * Reopens a task in {@code error} ({@code error → evaluating_results}) after an operator reset, resolved or
     * completed one of its steps, then {@link #advance advances} it. Tasks in other states are only advanced.
     *
     * @return the task's state afterwards
     */
    public static TaskState reopen(SqlExecutor sql, TaskRef task, ObjectNode metadata) {
        if (TransitionLog.TASKS.current(sql, task.uuid()).orElseThrow() == TaskState.ERROR) {
            move(sql, task.uuid(), TaskState.ERROR, TaskState.EVALUATING_RESULTS, metadata);
        }
        return advance(sql, task);
    }

    /**
     * Records one task transition (CAS) and its side effects ({@code tasker.move_task}): {@code updated_at}, and
     * {@code completed_at} plus a {@code task.<state>} outbox event when the task reaches a terminal state.
     *
     * @throws IllegalStateException when the task was not in {@code from} (callers hold the lock, so this means a
     *                               bug or a writer that ignores the lock)
     */
    public static void move(SqlExecutor sql, UUID task, TaskState from, TaskState to, ObjectNode metadata) {
        TransitionLog.TASKS.checkAllowed(task, from, to);
        boolean moved = sql.first("SELECT tasker.move_task($1, $2, $3, $4)", row -> row.getBoolean(0),
                task, from.wireName(), to.wireName(), metadata == null ? Json.object() : metadata).orElse(false);
        if (!moved) {
            throw new IllegalStateException("task " + task + " is no longer " + from.wireName());
        }
    }
}
