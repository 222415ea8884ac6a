package dev.tasker.orchestrator.readiness;

import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TaskState;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the readiness SQL functions ({@code db/migration/V2__readiness_functions.sql}). */
public final class Readiness {

    private Readiness() {
    }

    /** @return every workflow step of the task with its readiness, ordered by step name (empty for unknown tasks). */
    public static List<StepReadiness> steps(SqlExecutor sql, UUID taskUuid) {
        return sql.list("SELECT * FROM tasker.get_step_readiness_status($1)",
                row -> new StepReadiness(row.getUUID("workflow_step_uuid"), row.getString("name"),
                        StepState.fromWire(row.getString("current_state")), row.getBoolean("dependencies_satisfied"),
                        row.getBoolean("retry_eligible"), row.getBoolean("ready_for_execution"),
                        row.getOffsetDateTime("next_retry_at"), row.getInteger("total_parents"),
                        row.getInteger("completed_parents"), row.getInteger("attempts"), row.getInteger("max_attempts"),
                        row.getBoolean("retryable")),
                taskUuid);
    }

    /** @return the task's execution context, or empty when the task does not exist. */
    public static Optional<TaskExecutionContext> context(SqlExecutor sql, UUID taskUuid) {
        return sql.first("SELECT * FROM tasker.get_task_execution_context($1)",
                row -> new TaskExecutionContext(row.getUUID("task_uuid"), TaskState.fromWire(row.getString("status")),
                        row.getInteger("total_steps"), row.getInteger("pending_steps"), row.getInteger("enqueued_steps"),
                        row.getInteger("in_progress_steps"), row.getInteger("enqueued_for_orchestration_steps"),
                        row.getInteger("waiting_for_retry_steps"), row.getInteger("completed_steps"),
                        row.getInteger("resolved_manually_steps"), row.getInteger("failed_steps"),
                        row.getInteger("cancelled_steps"), row.getInteger("ready_steps"),
                        TaskExecutionContext.ExecutionStatus.fromWire(row.getString("execution_status")),
                        row.getString("recommended_action"), row.getBigDecimal("completion_percentage"),
                        row.getString("health_status")),
                taskUuid);
    }
}
