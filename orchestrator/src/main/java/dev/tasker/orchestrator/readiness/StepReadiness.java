package dev.tasker.orchestrator.readiness;

import dev.tasker.orchestrator.state.StepState;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of {@code tasker.get_step_readiness_status(task_uuid)}: whether a workflow step can run now.
 *
 * @param stepUuid              the workflow step
 * @param name                  its name within the task
 * @param state                 its current state
 * @param dependenciesSatisfied every direct parent is complete or resolved_manually
 * @param retryEligible         first attempt, or retryable with attempts below max_attempts
 * @param ready                 all readiness rules hold (state, dependencies, retry eligibility, backoff expired)
 * @param nextRetryAt           end of the current backoff, or {@code null}
 * @param totalParents          number of direct parents
 * @param completedParents      parents that are complete or resolved_manually
 * @param attempts              attempts claimed so far
 * @param maxAttempts           attempts allowed in total
 * @param retryable             whether failed attempts may be retried
 */
public record StepReadiness(UUID stepUuid, String name, StepState state, boolean dependenciesSatisfied,
                            boolean retryEligible, boolean ready, OffsetDateTime nextRetryAt, int totalParents,
                            int completedParents, int attempts, int maxAttempts, boolean retryable) {
}
