package dev.tasker.orchestrator.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.outbox.Outbox;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TaskState;
import dev.tasker.orchestrator.state.TransitionLog;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Operator actions on tasks and workflow steps. Each runs in one transaction under the task's row lock, applies
 * its transitions with compare-and-swap, and advances the task ({@link TaskCoordinator}) so that steps unblocked by
 * the action are enqueued at once.
 */
@ApplicationScoped
public class TaskOperations {

    /** States from which an operator may supply a step's result ({@code complete_manually}). */
    static final Set<StepState> COMPLETABLE = EnumSet.of(StepState.PENDING, StepState.ENQUEUED,
            StepState.WAITING_FOR_RETRY, StepState.ERROR);

    private final Database db;

    public TaskOperations(Database db) {
        this.db = db;
    }

    /**
     * Cancels a task: every step not yet complete, cancelled or resolved becomes {@code cancelled} (a running
     * handler's result is then discarded), then the task becomes {@code cancelled}.
     *
     * @throws TaskNotFoundException      when the task does not exist
     * @throws TaskStateConflictException when the task is already in a terminal state
     */
    public void cancel(UUID taskUuid) {
        db.transact(tx -> {
            TaskCoordinator.TaskRef task = lock(tx, taskUuid);
            TaskState state = TransitionLog.TASKS.current(tx, task.uuid()).orElseThrow();
            if (state.isTerminal()) {
                throw new TaskStateConflictException("task " + taskUuid + " is already " + state.wireName());
            }
            ObjectNode metadata = Json.object("reason", "cancelled by operator");
            List<StepRow> steps = tx.list("SELECT ws.workflow_step_uuid, t.to_state FROM tasker.workflow_steps ws"
                            + " JOIN tasker.workflow_step_transitions t ON t.workflow_step_uuid = ws.workflow_step_uuid AND t.most_recent"
                            + " WHERE ws.task_uuid = $1",
                    row -> new StepRow(row.getUUID(0), StepState.fromWire(row.getString(1))), taskUuid);
            for (StepRow step : steps) {
                if (step.state().canTransitionTo(StepState.CANCELLED)) {
                    TransitionLog.STEPS.transition(tx, step.uuid(), step.state(), StepState.CANCELLED, metadata);
                }
            }
            TaskCoordinator.move(tx, taskUuid, state, TaskState.CANCELLED, metadata);
        });
    }

    private record StepRow(UUID uuid, StepState state) {
    }

    /**
     * Resets a step in {@code error} for another round of attempts: {@code error → pending}, attempts back to 0,
     * error and backoff cleared. A task in {@code error} is reopened.
     *
     * @param stepRef the step's uuid or name
     * @throws TaskNotFoundException      when the task or step does not exist
     * @throws TaskStateConflictException when the step is not in {@code error} or the task is complete or cancelled
     */
    public void resetForRetry(UUID taskUuid, String stepRef) {
        operate(taskUuid, stepRef, EnumSet.of(StepState.ERROR), StepState.PENDING, "reset_for_retry", (tx, step) ->
                tx.query("UPDATE tasker.workflow_steps SET attempts = 0, error = NULL, next_retry_at = NULL, updated_at = now()"
                        + " WHERE workflow_step_uuid = $1", step));
    }

    /**
     * Marks a step {@code resolved_manually}: it satisfies its dependents without a result.
     *
     * @throws TaskNotFoundException      when the task or step does not exist
     * @throws TaskStateConflictException when the step is already complete, cancelled or resolved, or the task is
     *                                    complete or cancelled
     */
    public void resolveManually(UUID taskUuid, String stepRef) {
        Set<StepState> from = EnumSet.noneOf(StepState.class);
        for (StepState s : StepState.values()) {
            if (s.canTransitionTo(StepState.RESOLVED_MANUALLY)) {
                from.add(s);
            }
        }
        operate(taskUuid, stepRef, from, StepState.RESOLVED_MANUALLY, "resolve_manually", (tx, step) ->
                tx.query("UPDATE tasker.workflow_steps SET completed_at = now(), updated_at = now()"
                        + " WHERE workflow_step_uuid = $1", step));
    }

    /**
     * Completes a step with an operator-supplied result, as if its handler had returned it.
     *
     * @param result the step's result JSON (what its dependents receive in {@code dependency_results})
     * @throws TaskNotFoundException      when the task or step does not exist
     * @throws TaskStateConflictException when the step is not pending, enqueued, waiting_for_retry or error, or the
     *                                    task is complete or cancelled
     */
    public void completeManually(UUID taskUuid, String stepRef, JsonNode result) {
        operate(taskUuid, stepRef, COMPLETABLE, StepState.COMPLETE, "complete_manually", (tx, step) -> {
            tx.query("UPDATE tasker.workflow_steps SET results = $2, error = NULL, completed_at = now(), updated_at = now()"
                    + " WHERE workflow_step_uuid = $1", step, result);
            Outbox.step(tx, step, "step.complete", Json.object("step_uuid", step, "manual", true));
        });
    }

    private interface StepUpdate {
        void apply(SqlExecutor tx, UUID step);
    }

    private void operate(UUID taskUuid, String stepRef, Set<StepState> allowedFrom, StepState target, String action,
                         StepUpdate update) {
        db.transact(tx -> {
            TaskCoordinator.TaskRef task = lock(tx, taskUuid);
            TaskState taskState = TransitionLog.TASKS.current(tx, taskUuid).orElseThrow();
            if (taskState.isTerminal() && taskState != TaskState.ERROR) {
                throw new TaskStateConflictException("task " + taskUuid + " is " + taskState.wireName() + "; "
                        + action + " applies to tasks that are still running, blocked or in error");
            }
            UUID step = TaskQueries.resolveStep(tx, taskUuid, stepRef);
            StepState state = TransitionLog.STEPS.current(tx, step).orElseThrow();
            if (!allowedFrom.contains(state)) {
                throw new TaskStateConflictException("step " + stepRef + " is " + state.wireName() + "; " + action
                        + " needs one of " + String.join(", ", allowedFrom.stream().map(StepState::wireName).toList()));
            }
            ObjectNode metadata = Json.object("reason", action);
            if (!TransitionLog.STEPS.transition(tx, step, state, target, metadata)) {
                throw new TaskStateConflictException("step " + stepRef + " changed state meanwhile; try again");
            }
            update.apply(tx, step);
            TaskCoordinator.reopen(tx, task, metadata);
        });
    }

    private static TaskCoordinator.TaskRef lock(SqlExecutor tx, UUID taskUuid) {
        TaskCoordinator.TaskRef task = TaskCoordinator.lockTask(tx, taskUuid);
        if (task == null) {
            throw new TaskNotFoundException("no task " + taskUuid);
        }
        return task;
    }
}
