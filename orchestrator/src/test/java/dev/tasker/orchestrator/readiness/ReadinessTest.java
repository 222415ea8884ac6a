package dev.tasker.orchestrator.readiness;

import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.readiness.TaskExecutionContext.ExecutionStatus;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TaskState;
import dev.tasker.orchestrator.state.TransitionLog;
import dev.tasker.orchestrator.testing.RowFixtures;
import dev.tasker.orchestrator.testing.StatePaths;
import dev.tasker.orchestrator.testing.ConsumersStopped;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness SQL functions against real PostgreSQL, rule by rule (DESIGN §3). */
@QuarkusTest
@TestProfile(ConsumersStopped.class)
class ReadinessTest {

    @Inject
    Database db;

    @AfterEach
    void deleteFixtures() {
        RowFixtures.deleteAll(db);
    }

    private UUID task;

    private UUID newTask() {
        task = RowFixtures.task(db);
        TransitionLog.TASKS.start(db, List.of(task), TaskState.PENDING, null);
        return task;
    }

    private UUID step(String name) {
        return step(name, true, 3);
    }

    private UUID step(String name, boolean retryable, int maxAttempts) {
        UUID step = RowFixtures.step(db, task, name, retryable, maxAttempts);
        TransitionLog.STEPS.start(db, List.of(step), StepState.PENDING, null);
        return step;
    }

    private void move(UUID step, StepState target) {
        StepState current = TransitionLog.STEPS.current(db, step).orElseThrow();
        StatePaths.driveTo(db, TransitionLog.STEPS, step, current, target);
    }

    private Map<String, StepReadiness> readiness() {
        return Readiness.steps(db, task).stream().collect(Collectors.toMap(StepReadiness::name, Function.identity()));
    }

    private TaskExecutionContext context() {
        return Readiness.context(db, task).orElseThrow();
    }

    @Test
    void rootStepsAreReadyAndChildrenWaitForAllParents() {
        newTask();
        UUID a = step("a");
        UUID b = step("b");
        UUID c = step("c");
        UUID d = step("d");
        RowFixtures.edge(db, a, b);
        RowFixtures.edge(db, a, c);
        RowFixtures.edge(db, b, d);
        RowFixtures.edge(db, c, d);

        Map<String, StepReadiness> r = readiness();
        assertThat(r.get("a").ready()).isTrue();
        assertThat(r.get("a").totalParents()).isZero();
        assertThat(r.get("b").ready()).isFalse();
        assertThat(r.get("b").dependenciesSatisfied()).isFalse();
        assertThat(r.get("d").totalParents()).isEqualTo(2);
        assertContext(ExecutionStatus.HAS_READY_STEPS, 4, 0, 1);

        move(a, StepState.ENQUEUED);
        assertThat(readiness().get("a").ready()).isFalse();
        assertContext(ExecutionStatus.PROCESSING, 4, 0, 0);

        move(a, StepState.COMPLETE);
        r = readiness();
        assertThat(r.get("b").ready()).isTrue();
        assertThat(r.get("c").ready()).isTrue();
        assertThat(r.get("d").completedParents()).isZero();
        assertContext(ExecutionStatus.HAS_READY_STEPS, 4, 1, 2);

        move(b, StepState.COMPLETE);
        r = readiness();
        assertThat(r.get("d").ready()).isFalse();
        assertThat(r.get("d").completedParents()).isEqualTo(1);

        move(c, StepState.RESOLVED_MANUALLY);
        r = readiness();
        assertThat(r.get("d").dependenciesSatisfied()).isTrue();
        assertThat(r.get("d").ready()).isTrue();

        move(d, StepState.COMPLETE);
        TaskExecutionContext ctx = assertContext(ExecutionStatus.ALL_COMPLETE, 4, 4, 0);
        assertThat(ctx.resolvedManuallySteps()).isEqualTo(1);
        assertThat(ctx.completionPercentage()).isEqualByComparingTo(new BigDecimal("100"));
        assertThat(ctx.recommendedAction()).isEqualTo("finalize_task");
    }

    @ParameterizedTest(name = "a step in {0} is not ready")
    @EnumSource(value = StepState.class, names = {"ENQUEUED", "IN_PROGRESS", "ENQUEUED_FOR_ORCHESTRATION",
            "ENQUEUED_AS_ERROR_FOR_ORCHESTRATION", "COMPLETE", "ERROR", "CANCELLED", "RESOLVED_MANUALLY"})
    void onlyPendingAndWaitingForRetryStepsCanBeReady(StepState state) {
        newTask();
        UUID a = step("a");
        move(a, state);
        assertThat(readiness().get("a").ready()).isFalse();
    }

    @Test
    void waitingForRetryIsReadyOnlyOnceItsBackoffExpired() {
        newTask();
        UUID a = step("a");
        move(a, StepState.WAITING_FOR_RETRY);
        db.query("UPDATE tasker.workflow_steps SET attempts = 1, next_retry_at = now() + interval '1 hour'"
                + " WHERE workflow_step_uuid = $1", a);
        assertThat(readiness().get("a").ready()).isFalse();
        assertThat(readiness().get("a").retryEligible()).isTrue();
        TaskExecutionContext ctx = assertContext(ExecutionStatus.WAITING_FOR_RETRY, 1, 0, 0);
        assertThat(ctx.healthStatus()).isEqualTo("recovering");
        assertThat(ctx.recommendedAction()).isEqualTo("wait_for_retry");

        db.query("UPDATE tasker.workflow_steps SET next_retry_at = now() - interval '1 second'"
                + " WHERE workflow_step_uuid = $1", a);
        assertThat(readiness().get("a").ready()).isTrue();
        assertContext(ExecutionStatus.HAS_READY_STEPS, 1, 0, 1);
    }

    @Test
    void firstAttemptIsAlwaysAllowedAndLaterOnesNeedRetryableAndAttemptsLeft() {
        newTask();
        step("not_retryable", false, 1);
        UUID notRetryableTried = step("not_retryable_tried", false, 3);
        UUID attemptsLeft = step("attempts_left", true, 3);
        UUID exhausted = step("exhausted", true, 3);
        db.query("UPDATE tasker.workflow_steps SET attempts = 1 WHERE workflow_step_uuid = $1", notRetryableTried);
        db.query("UPDATE tasker.workflow_steps SET attempts = 2 WHERE workflow_step_uuid = $1", attemptsLeft);
        db.query("UPDATE tasker.workflow_steps SET attempts = 3 WHERE workflow_step_uuid = $1", exhausted);
        for (UUID s : List.of(notRetryableTried, attemptsLeft, exhausted)) {
            move(s, StepState.WAITING_FOR_RETRY);
        }

        Map<String, StepReadiness> r = readiness();
        assertThat(r.get("not_retryable").ready()).as("first attempt of a non-retryable step").isTrue();
        assertThat(r.get("not_retryable_tried").retryEligible()).isFalse();
        assertThat(r.get("not_retryable_tried").ready()).isFalse();
        assertThat(r.get("attempts_left").ready()).isTrue();
        assertThat(r.get("exhausted").retryEligible()).isFalse();
        assertThat(r.get("exhausted").ready()).isFalse();
        assertThat(r.get("exhausted").attempts()).isEqualTo(3);
        assertThat(r.get("exhausted").maxAttempts()).isEqualTo(3);
    }

    @Test
    void aStepInErrorBlocksTheTaskEvenWhenOthersAreReady() {
        newTask();
        UUID a = step("a");
        step("b");
        move(a, StepState.ERROR);
        TaskExecutionContext ctx = assertContext(ExecutionStatus.BLOCKED_BY_FAILURES, 2, 0, 1);
        assertThat(ctx.failedSteps()).isEqualTo(1);
        assertThat(ctx.healthStatus()).isEqualTo("blocked");
        assertThat(ctx.recommendedAction()).isEqualTo("handle_failures");
    }

    @Test
    void contextCountsStepsByStateAndReportsTheTaskState() {
        newTask();
        UUID a = step("a");
        UUID b = step("b");
        UUID c = step("c");
        UUID d = step("d");
        step("e");
        move(a, StepState.IN_PROGRESS);
        move(b, StepState.ENQUEUED_FOR_ORCHESTRATION);
        move(c, StepState.ENQUEUED_AS_ERROR_FOR_ORCHESTRATION);
        move(d, StepState.ENQUEUED);
        StatePaths.driveTo(db, TransitionLog.TASKS, task, TaskState.PENDING, TaskState.STEPS_IN_PROCESS);

        TaskExecutionContext ctx = context();
        assertThat(ctx.status()).isEqualTo(TaskState.STEPS_IN_PROCESS);
        assertThat(ctx.totalSteps()).isEqualTo(5);
        assertThat(ctx.pendingSteps()).isEqualTo(1);
        assertThat(ctx.enqueuedSteps()).isEqualTo(1);
        assertThat(ctx.inProgressSteps()).isEqualTo(1);
        assertThat(ctx.enqueuedForOrchestrationSteps()).isEqualTo(2);
        assertThat(ctx.inFlightSteps()).isEqualTo(4);
        assertThat(ctx.readySteps()).isEqualTo(1);
        assertThat(ctx.executionStatus()).isEqualTo(ExecutionStatus.HAS_READY_STEPS);
    }

    @Test
    void pendingStepsBehindAWaitingParentWaitForDependencies() {
        newTask();
        UUID a = step("a");
        UUID b = step("b");
        RowFixtures.edge(db, a, b);
        move(a, StepState.WAITING_FOR_RETRY);
        db.query("UPDATE tasker.workflow_steps SET attempts = 3, max_attempts = 3 WHERE workflow_step_uuid = $1", a);
        assertContext(ExecutionStatus.WAITING_FOR_RETRY, 2, 0, 0);
        move(a, StepState.ENQUEUED);
        move(a, StepState.CANCELLED);
        assertContext(ExecutionStatus.WAITING_FOR_DEPENDENCIES, 2, 0, 0);
    }

    @Test
    void unknownTaskHasNoContext() {
        assertThat(Readiness.context(db, UUID.randomUUID())).isEmpty();
        assertThat(Readiness.steps(db, UUID.randomUUID())).isEmpty();
    }

    private TaskExecutionContext assertContext(ExecutionStatus status, int total, int completed, int ready) {
        TaskExecutionContext ctx = context();
        assertThat(ctx.executionStatus()).isEqualTo(status);
        assertThat(ctx.totalSteps()).isEqualTo(total);
        assertThat(ctx.completedSteps()).isEqualTo(completed);
        assertThat(ctx.readySteps()).isEqualTo(ready);
        return ctx;
    }
}
