package dev.tasker.runtime;

import dev.tasker.runtime.contract.StepResult;

/**
 * The outcome of one handler invocation.
 *
 * @param result the guest's step result, or the host's typed failure (see
 *     {@link dev.tasker.runtime.contract.ErrorTypes}); its metadata always holds the host-owned keys
 * @param stderr captured stderr, UTF-8, truncated to {@link RuntimeLimits#maxStderrBytes()}
 * @param executionTimeMs wall-clock time from instantiation to the end of the run, in milliseconds
 * @param mode how the handler ran
 */
public record ExecutionOutcome(StepResult result, String stderr, long executionTimeMs, ExecutionMode mode) {}
