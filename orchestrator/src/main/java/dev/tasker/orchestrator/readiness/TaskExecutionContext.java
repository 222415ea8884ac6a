package dev.tasker.orchestrator.readiness;

import dev.tasker.orchestrator.state.TaskState;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The row of {@code tasker.get_task_execution_context(task_uuid)}: a task's state, its step counts by state and
 * what the orchestrator should do next.
 *
 * @param taskUuid                       the task
 * @param status                         the task's current state
 * @param totalSteps                     all workflow steps
 * @param pendingSteps                   steps in pending
 * @param enqueuedSteps                  steps in enqueued
 * @param inProgressSteps                steps in in_progress
 * @param enqueuedForOrchestrationSteps  steps whose result awaits orchestration (success or error)
 * @param waitingForRetrySteps           steps waiting for their backoff
 * @param completedSteps                 steps complete or resolved_manually
 * @param resolvedManuallySteps          steps resolved_manually (included in {@code completedSteps})
 * @param failedSteps                    steps in error
 * @param cancelledSteps                 steps cancelled
 * @param readySteps                     steps ready for execution now
 * @param executionStatus                what the task is doing
 * @param recommendedAction              {@code handle_failures}, {@code execute_ready_steps}, {@code wait_for_completion},
 *                                       {@code finalize_task}, {@code wait_for_retry} or {@code wait_for_dependencies}
 * @param completionPercentage           completed / total × 100, two decimals
 * @param healthStatus                   {@code healthy}, {@code recovering} (retries pending) or {@code blocked}
 */
public record TaskExecutionContext(UUID taskUuid, TaskState status, int totalSteps, int pendingSteps, int enqueuedSteps,
                                   int inProgressSteps, int enqueuedForOrchestrationSteps, int waitingForRetrySteps,
                                   int completedSteps, int resolvedManuallySteps, int failedSteps, int cancelledSteps,
                                   int readySteps, ExecutionStatus executionStatus, String recommendedAction,
                                   BigDecimal completionPercentage, String healthStatus) {

    /** Values of {@code execution_status}, in the order the SQL function checks them. */
    public enum ExecutionStatus {
        BLOCKED_BY_FAILURES, HAS_READY_STEPS, PROCESSING, ALL_COMPLETE, WAITING_FOR_RETRY, WAITING_FOR_DEPENDENCIES;

        static ExecutionStatus fromWire(String wire) {
            return valueOf(wire.toUpperCase());
        }
    }

    /** @return steps handed to a worker or to result processing and not back yet. */
    public int inFlightSteps() {
        return enqueuedSteps + inProgressSteps + enqueuedForOrchestrationSteps;
    }
}
