package dev.tasker.orchestrator.task;

import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.outbox.Outbox;
import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.readiness.Readiness;
import dev.tasker.orchestrator.readiness.StepReadiness;
import dev.tasker.orchestrator.readiness.TaskExecutionContext;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TaskState;
import dev.tasker.orchestrator.state.TransitionLog;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.mutiny.sqlclient.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Moves a task forward from what its workflow steps say, inside the caller's transaction: enqueues the steps that
 * became ready and records the task's resulting state. Used after task creation, after every processed step
 * result, when a retry backoff expires and after operator actions.
 *
 * <p>Callers must hold the task's row lock ({@link #lockTask}), which serialises everything that moves one task.
 *
 * <p>Rules, from {@code tasker.get_task_execution_context} (first match wins):
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
     * Applies the rules above once.
     *
     * @param sql  the transaction holding the task's lock
     * @param task the locked task
     * @return the task's state afterwards
     */
    public static TaskState advance(SqlExecutor sql, TaskRef task) {
        TaskState current = TransitionLog.TASKS.current(sql, task.uuid()).orElseThrow();
        if (current.isTerminal()) {
            return current;
        }
        TaskExecutionContext context = Readiness.context(sql, task.uuid()).orElseThrow();
        List<TaskState> outcome = new ArrayList<>();
        int enqueued = 0;
        switch (context.executionStatus()) {
            case HAS_READY_STEPS -> {
                enqueued = enqueueReadySteps(sql, task);
                outcome.add(TaskState.ENQUEUING_STEPS);
                outcome.add(TaskState.STEPS_IN_PROCESS);
            }
            case BLOCKED_BY_FAILURES -> {
                outcome.add(TaskState.BLOCKED_BY_FAILURES);
                if (context.inFlightSteps() == 0) {
                    outcome.add(TaskState.ERROR);
                }
            }
            case PROCESSING -> outcome.add(TaskState.STEPS_IN_PROCESS);
            case ALL_COMPLETE -> outcome.add(context.resolvedManuallySteps() > 0
                    ? TaskState.RESOLVED_MANUALLY : TaskState.COMPLETE);
            case WAITING_FOR_RETRY -> outcome.add(TaskState.WAITING_FOR_RETRY);
            case WAITING_FOR_DEPENDENCIES -> outcome.add(TaskState.WAITING_FOR_DEPENDENCIES);
        }
        if (enqueued == 0 && outcome.get(outcome.size() - 1) == current) {
            return current;
        }
        List<TaskState> route = new ArrayList<>();
        if (current == TaskState.PENDING) {
            route.add(TaskState.INITIALIZING);
        } else if (current != TaskState.INITIALIZING && current != TaskState.EVALUATING_RESULTS) {
            route.add(TaskState.EVALUATING_RESULTS);
        }
        route.addAll(outcome);
        ObjectNode metadata = Json.object("execution_status", context.executionStatus().name().toLowerCase(),
                "ready_steps", context.readySteps(), "enqueued_steps", enqueued);
        TaskState at = current;
        for (TaskState next : route) {
            move(sql, task.uuid(), at, next, metadata);
            at = next;
        }
        return at;
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
     * Records one task transition (CAS) and its side effects: {@code completed_at} and an outbox event when the
     * task reaches a terminal state.
     *
     * @throws IllegalStateException when the task was not in {@code from} (callers hold the lock, so this means a
     *                               bug or a writer that ignores the lock)
     */
    public static void move(SqlExecutor sql, UUID task, TaskState from, TaskState to, ObjectNode metadata) {
        if (!TransitionLog.TASKS.transition(sql, task, from, to, metadata)) {
            throw new IllegalStateException("task " + task + " is no longer " + from.wireName());
        }
        if (to.isTerminal()) {
            sql.query("UPDATE tasker.tasks SET updated_at = now(), completed_at = now() WHERE task_uuid = $1", task);
            Outbox.task(sql, task, "task." + to.wireName(), Json.object("task_uuid", task, "state", to.wireName()));
        } else {
            sql.query("UPDATE tasker.tasks SET updated_at = now(), completed_at = NULL WHERE task_uuid = $1", task);
        }
    }

    private static int enqueueReadySteps(SqlExecutor sql, TaskRef task) {
        int enqueued = 0;
        for (StepReadiness step : Readiness.steps(sql, task.uuid())) {
            if (!step.ready()) {
                continue;
            }
            if (TransitionLog.STEPS.transition(sql, step.stepUuid(), step.state(), StepState.ENQUEUED,
                    Json.object("attempt", step.attempts() + 1))) {
                sql.query("UPDATE tasker.workflow_steps SET next_retry_at = NULL, updated_at = now()"
                        + " WHERE workflow_step_uuid = $1", step.stepUuid());
                Queues.enqueue(sql, Queues.workerQueue(task.namespace()), task.uuid(), step.stepUuid(), task.correlationId());
                enqueued++;
            }
        }
        return enqueued;
    }
}
