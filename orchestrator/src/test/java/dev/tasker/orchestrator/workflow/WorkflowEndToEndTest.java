package dev.tasker.orchestrator.workflow;

import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.testing.Await;
import dev.tasker.orchestrator.testing.TaskerApi;
import dev.tasker.orchestrator.testing.TestModules;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tasker.orchestrator.testing.TaskerApi.awaitTask;
import static dev.tasker.orchestrator.testing.TaskerApi.createTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Whole workflows through the REST API with the background consumers running: real WASM handler (WAT test
 * handler on handler-runtime), real PostgreSQL, PGMQ queues with LISTEN/NOTIFY.
 */
@QuarkusTest
class WorkflowEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** One step whose handler loops until its one-second timeout stops it, without retries. */
    private static final String SPIN_FOR_ONE_SECOND = """
            - name: spin
              handler:
                callable: test_handler
                initialization: {spin: true}
              timeout_seconds: 1
              retry: {max_attempts: 1}
            """;

    @Inject
    MeterRegistry meters;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void deployHandler() {
        TaskerApi.deploy("test_handler", TestModules.testHandler());
    }

    /** A template in namespace e2e; {@code steps} is the YAML list of steps. */
    private static void template(String name, String steps) {
        TaskerApi.registerTemplate("""
                name: %s
                namespace_name: e2e
                version: 1.0.0
                input_schema:
                  type: object
                  required: [seed]
                  properties:
                    seed: {type: integer}
                steps:
                %s""".formatted(name, steps.indent(2)));
    }

    private static String step(String name, String dependencies, String config) {
        return """
                - name: %s
                  dependencies: [%s]
                  handler:
                    callable: test_handler
                    initialization: %s
                """.formatted(name, dependencies, config);
    }

    private static long value(JsonPath task, String step) {
        return task.getLong("steps.find { it.name == '" + step + "' }.result.value");
    }

    @Test
    void linearWorkflowComputesFromContextConfigAndAllAncestorResults() {
        template("linear_sum", step("step_a", "", "{add: 1}") + step("step_b", "step_a", "{add: 10}")
                + step("step_c", "step_b", "{add: 100}") + step("step_d", "step_c", "{add: 1000}"));
        UUID task = createTask("e2e", "linear_sum", "{\"seed\": 5}");

        JsonPath done = awaitTask(task, WITHIN, "complete", "error");
        assertThat(done.getString("state")).isEqualTo("complete");
        // value = seed + add + values of ALL completed ancestors
        assertThat(value(done, "step_a")).isEqualTo(5 + 1);
        assertThat(value(done, "step_b")).isEqualTo(5 + 10 + 6);
        assertThat(value(done, "step_c")).isEqualTo(5 + 100 + 6 + 21);
        assertThat(value(done, "step_d")).isEqualTo(5 + 1000 + 6 + 21 + 132);
        assertThat(done.getInt("step_counts.total")).isEqualTo(4);
        assertThat(done.getInt("step_counts.complete")).isEqualTo(4);
        assertThat(done.getString("completed_at")).isNotNull();
        assertThat(done.getList("steps.attempts", Integer.class)).containsOnly(1);
        assertThat(done.getList("steps.find { it.name == 'step_d' }.dependencies", String.class)).containsExactly("step_c");

        List<Map<String, Object>> transitions = TaskerApi.transitions(task);
        assertThat(transitions).filteredOn(t -> "step_c".equals(t.get("step_name"))).extracting(t -> t.get("to_state"))
                .containsExactly("pending", "enqueued", "in_progress", "enqueued_for_orchestration", "complete");
        assertThat(transitions).filteredOn(t -> "task".equals(t.get("entity"))).extracting(t -> t.get("to_state"))
                .startsWith("pending", "initializing", "enqueuing_steps", "steps_in_process").endsWith("complete");
    }

    @Test
    void diamondWorkflowRunsBothBranchesAndConverges() {
        template("diamond_sum", step("start", "", "{add: 1}") + step("left", "start", "{add: 10}")
                + step("right", "start", "{add: 100}") + step("end", "left, right", "{add: 1000}"));
        UUID task = createTask("e2e", "diamond_sum", "{\"seed\": 5}");

        JsonPath done = awaitTask(task, WITHIN, "complete", "error");
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(value(done, "start")).isEqualTo(6);
        assertThat(value(done, "left")).isEqualTo(5 + 10 + 6);
        assertThat(value(done, "right")).isEqualTo(5 + 100 + 6);
        assertThat(value(done, "end")).isEqualTo(5 + 1000 + 6 + 21 + 111);
        assertThat(done.getList("steps.find { it.name == 'end' }.dependencies", String.class))
                .containsExactly("left", "right");
    }

    private static String decisionSteps(String routeConfig) {
        return """
                - name: route
                  type: decision
                  handler: {callable: test_handler, initialization: %s}
                - name: small
                  dependencies: [route]
                  handler: {callable: test_handler, initialization: {add: 10}}
                - name: large
                  dependencies: [route]
                  handler: {callable: test_handler, initialization: {add: 100}}
                - name: finish
                  type: deferred_convergence
                  dependencies: [small, large]
                  handler: {callable: test_handler, initialization: {add: 1000}}
                """.formatted(routeConfig);
    }

    @Test
    void aDecisionCreatesOnlyTheChosenBranchAndTheConvergenceWaitsForIt() {
        template("decision_small", decisionSteps("{add: 1, decide: true, branches: [small]}"));
        UUID task = createTask("e2e", "decision_small", "{\"seed\": 5}");
        JsonPath done = awaitTask(task, WITHIN, "complete", "error");
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(done.getList("steps.name", String.class)).containsExactly("route", "small", "finish");
        assertThat(done.getList("steps.find { it.name == 'finish' }.dependencies", String.class)).containsExactly("small");
        assertThat(value(done, "finish")).isEqualTo(5 + 1000 + 6 + 21);
    }

    @Test
    void aDecisionWithNoBranchesCompletesTheTask() {
        template("decision_none", decisionSteps("{add: 1, decide: true}"));
        UUID task = createTask("e2e", "decision_none", "{\"seed\": 5}");
        JsonPath done = awaitTask(task, WITHIN, "complete", "error");
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(done.getList("steps.name", String.class)).containsExactly("route");
    }

    @Test
    void aDecisionNamingAStepThatIsNotItsBranchFailsWithInvalidOutput() {
        template("decision_invalid", decisionSteps("{add: 1, decide: true, branches: [finish]}"));
        UUID task = createTask("e2e", "decision_invalid", "{\"seed\": 5}");
        assertThat(awaitTask(task, WITHIN, "error", "complete").getString("state")).isEqualTo("error");
        JsonPath route = TaskerApi.step(task, "route");
        assertThat(route.getString("error.error_type")).isEqualTo("invalid_output");
        assertThat(route.getString("error.message")).contains("finish");
        assertThat(route.getBoolean("error.retryable")).isFalse();
    }

    private static String batchSteps(String partitionConfig) {
        return """
                - name: partition
                  type: batchable
                  handler: {callable: test_handler, initialization: %s}
                  batch_config: {worker_template: process, batch_size: 10}
                - name: process
                  type: batch_worker
                  dependencies: [partition]
                  handler: {callable: test_handler}
                - name: aggregate
                  type: deferred_convergence
                  dependencies: [process]
                  handler: {callable: test_handler, initialization: {add: 1000}}
                """.formatted(partitionConfig);
    }

    @Test
    void aBatchableStepFansOutOneWorkerPerCursorAndTheConvergenceAggregatesThem() {
        template("batches", batchSteps("{batches: 3, worker: process, batch_size: 10}"));
        UUID task = createTask("e2e", "batches", "{\"seed\": 0}");
        JsonPath done = awaitTask(task, WITHIN, "complete", "error");
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(done.getList("steps.name", String.class))
                .containsExactly("partition", "process_001", "process_002", "process_003", "aggregate");
        // each worker adds its cursor's end (10, 20, 30); the aggregate sums every ancestor
        assertThat(value(done, "process_002")).isEqualTo(20);
        assertThat(done.getList("steps.find { it.name == 'aggregate' }.dependencies", String.class))
                .containsExactly("process_001", "process_002", "process_003");
        assertThat(value(done, "aggregate")).isEqualTo(1000 + 10 + 20 + 30);
    }

    @Test
    void noBatchesCreatesOneNoOpWorker() {
        template("no_batches", batchSteps("{batches: 0}"));
        UUID task = createTask("e2e", "no_batches", "{\"seed\": 0}");
        JsonPath done = awaitTask(task, WITHIN, "complete", "error");
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(done.getList("steps.name", String.class)).containsExactly("partition", "process_000", "aggregate");
        assertThat(value(done, "aggregate")).isEqualTo(1000);
    }

    @Test
    void retryableFailuresAreRetriedWithBackoffUntilSuccess() {
        template("retry_then_succeed", """
                - name: flaky
                  handler:
                    callable: test_handler
                    initialization: {fail_until_attempt: 3}
                  retry: {retryable: true, max_attempts: 3, backoff: exponential, backoff_base_ms: 50, max_backoff_ms: 200}
                """);
        UUID task = createTask("e2e", "retry_then_succeed", "{\"seed\": 1}");

        JsonPath done = awaitTask(task, WITHIN, "complete", "error");
        assertThat(done.getString("state")).isEqualTo("complete");
        JsonPath flaky = TaskerApi.step(task, "flaky");
        assertThat(flaky.getInt("attempts")).isEqualTo(3);
        assertThat(flaky.getInt("result.attempt")).isEqualTo(3);
        assertThat(flaky.getString("error")).isNull();
        List<Map<String, Object>> stepTransitions = TaskerApi.transitions(task).stream()
                .filter(t -> "flaky".equals(t.get("step_name"))).toList();
        assertThat(stepTransitions).extracting(t -> t.get("to_state")).containsExactly("pending",
                "enqueued", "in_progress", "enqueued_as_error_for_orchestration", "waiting_for_retry",
                "enqueued", "in_progress", "enqueued_as_error_for_orchestration", "waiting_for_retry",
                "enqueued", "in_progress", "enqueued_for_orchestration", "complete");
        assertThat(stepTransitions).filteredOn(t -> "waiting_for_retry".equals(t.get("to_state")))
                .allSatisfy(t -> assertThat(((Number) ((Map<?, ?>) t.get("metadata")).get("delay_ms")).longValue())
                        .isBetween(0L, 200L));
        assertThat(TaskerApi.transitions(task)).filteredOn(t -> "task".equals(t.get("entity")))
                .extracting(t -> t.get("to_state")).contains("waiting_for_retry");
    }

    @Test
    void aDelayRequestedByTheHandlerWinsOverThePolicy() {
        // The policy alone would wait 10 minutes before the retry; the handler asks for 0 ms.
        template("handler_delay", """
                - name: flaky
                  handler:
                    callable: test_handler
                    initialization: {fail_until_attempt: 2, retry_after_ms: 0}
                  retry: {max_attempts: 2, backoff: fixed, backoff_base_ms: 600000, max_backoff_ms: 600000}
                """);
        UUID task = createTask("e2e", "handler_delay", "{\"seed\": 1}");
        assertThat(awaitTask(task, WITHIN, "complete", "error").getString("state")).isEqualTo("complete");
        assertThat(TaskerApi.transitions(task)).filteredOn(t -> "waiting_for_retry".equals(t.get("to_state")))
                .singleElement().satisfies(t -> assertThat(((Map<?, ?>) t.get("metadata")).get("delay_ms")).isEqualTo(0));
    }

    @Test
    void aNonRetryableFailureFailsTheStepAndTheTaskAtOnce() {
        template("permanent_failure", step("validate", "", "{add: 1}")
                + step("charge", "validate", "{fail_permanently: true}") + step("ship", "charge", "{add: 1}")
                + "  retry: {max_attempts: 5}\n");
        UUID task = createTask("e2e", "permanent_failure", "{\"seed\": 1}");

        JsonPath failed = awaitTask(task, WITHIN, "error", "complete");
        assertThat(failed.getString("state")).isEqualTo("error");
        JsonPath charge = TaskerApi.step(task, "charge");
        assertThat(charge.getString("state")).isEqualTo("error");
        assertThat(charge.getInt("attempts")).isEqualTo(1);
        assertThat(charge.getString("error.error_type")).isEqualTo("test_permanent");
        assertThat(charge.getBoolean("error.retryable")).isFalse();
        assertThat(TaskerApi.step(task, "ship").getString("state")).isEqualTo("pending");
        assertThat(failed.getInt("step_counts.complete")).isEqualTo(1);
        assertThat(TaskerApi.transitions(task)).filteredOn(t -> "task".equals(t.get("entity")))
                .extracting(t -> t.get("to_state")).endsWith("blocked_by_failures", "error");
    }

    @Test
    void theLastAttemptsFailureIsPermanent() {
        template("attempts_exhausted", """
                - name: flaky
                  handler:
                    callable: test_handler
                    initialization: {fail_until_attempt: 10}
                  retry: {max_attempts: 2, backoff: fixed, backoff_base_ms: 10, max_backoff_ms: 10}
                """);
        UUID task = createTask("e2e", "attempts_exhausted", "{\"seed\": 1}");
        assertThat(awaitTask(task, WITHIN, "error", "complete").getString("state")).isEqualTo("error");
        JsonPath flaky = TaskerApi.step(task, "flaky");
        assertThat(flaky.getInt("attempts")).isEqualTo(2);
        assertThat(flaky.getString("error.message")).isEqualTo("transient failure on attempt 2");
    }

    @Test
    void aHandlerThatRunsPastItsTimeoutFailsWithATypedError() {
        template("timeout", SPIN_FOR_ONE_SECOND);
        UUID task = createTask("e2e", "timeout", "{\"seed\": 1}");
        assertThat(awaitTask(task, WITHIN, "error", "complete").getString("state")).isEqualTo("error");
        JsonPath spin = TaskerApi.step(task, "spin");
        assertThat(spin.getString("error.error_type")).isEqualTo("handler_timeout");
        assertThat(spin.getLong("execution_time_ms")).isGreaterThanOrEqualTo(1000L);
    }

    /**
     * tasker.dispatcher.concurrency (4 in the test profile) bounds the handlers executing at once: ten one-second
     * handlers run four at a time, never more, and every step still ends.
     */
    @Test
    void noMoreHandlersExecuteAtOnceThanTheConfiguredConcurrency() {
        template("crowd", SPIN_FOR_ONE_SECOND);
        List<UUID> tasks = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> createTask("e2e", "crowd", "{\"seed\": " + (1000 + i) + "}")).toList();
        double most = 0;
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < until) {
            most = Math.max(most, gauge("tasker.dispatcher.executing"));
            Thread.onSpinWait();
        }
        assertThat(most).as("handlers executing at once").isEqualTo(4);
        for (UUID task : tasks) {
            assertThat(awaitTask(task, WITHIN, "error", "complete").getString("state")).isEqualTo("error");
        }
    }

    /**
     * A step gives its execution slot back when its handler returns, before its outcome is committed: with every
     * record blocked (an EXCLUSIVE lock on the results queue's table, which each record inserts into), six steps
     * are claimed and run although only four slots exist, none of them is left executing, and all six wait for
     * their record; once the lock goes, every task completes. With the slot held through the record, only four
     * would have been claimed.
     */
    @Test
    void executionSlotsAreFreeWhileOutcomesWaitForTheirCommit() throws Exception {
        template("slots_free", step("only", "", "{add: 1}"));
        List<UUID> tasks;
        try (Connection blocker = dataSource.getConnection(); Statement sql = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            sql.execute("LOCK TABLE pgmq.q_" + Queues.STEP_RESULTS + " IN EXCLUSIVE MODE");
            tasks = java.util.stream.IntStream.range(0, 6)
                    .mapToObj(i -> createTask("e2e", "slots_free", "{\"seed\": " + (2000 + i) + "}")).toList();
            // unrecorded counts a step from its claim, executing until its handler returns
            Await.until(() -> gauge("tasker.dispatcher.unrecorded") == 6 && gauge("tasker.dispatcher.executing") == 0,
                    WITHIN, "six outcomes waiting for their record, no handler executing");
            for (UUID task : tasks) {
                assertThat(TaskerApi.step(task, "only").getString("state")).isEqualTo("in_progress");
            }
            blocker.rollback();
        }
        for (UUID task : tasks) {
            assertThat(awaitTask(task, WITHIN, "complete", "error").getString("state")).isEqualTo("complete");
        }
        Await.until(() -> gauge("tasker.dispatcher.unrecorded") == 0, WITHIN, "every claim's room to be given back");
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    @Test
    void cancellingATaskCancelsItsStepsAndDiscardsTheRunningStepsResult() {
        template("cancellable", """
                - name: slow
                  handler:
                    callable: test_handler
                    initialization: {spin: true}
                  timeout_seconds: 1
                  retry: {max_attempts: 1}
                - name: after
                  dependencies: [slow]
                  handler: {callable: test_handler}
                """);
        double executedBefore = executedCount("failure");
        UUID task = createTask("e2e", "cancellable", "{\"seed\": 1}");
        TaskerApi.awaitStep(task, "slow", "in_progress", WITHIN);

        given().post("/v1/tasks/{task}/cancel", task).then().statusCode(200).body("state", equalTo("cancelled"));
        Await.until(() -> executedCount("failure") > executedBefore, WITHIN, "the running handler to finish");

        JsonPath cancelled = TaskerApi.task(task);
        assertThat(cancelled.getString("state")).isEqualTo("cancelled");
        assertThat(cancelled.getList("steps.state", String.class)).containsOnly("cancelled");
        assertThat(TaskerApi.transitions(task)).filteredOn(t -> "slow".equals(t.get("step_name")))
                .extracting(t -> t.get("to_state")).containsExactly("pending", "enqueued", "in_progress", "cancelled");
        given().post("/v1/tasks/{task}/cancel", task).then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
    }

    @Test
    void resolvingAFailedStepManuallyLetsItsDependentsRun() {
        template("manual_resolution", step("first", "", "{add: 1}") + step("broken", "first", "{fail_permanently: true}")
                + step("last", "broken", "{add: 100}"));
        UUID task = createTask("e2e", "manual_resolution", "{\"seed\": 2}");
        assertThat(awaitTask(task, WITHIN, "error").getString("state")).isEqualTo("error");

        given().post("/v1/tasks/{task}/steps/broken/resolve_manually", task).then().statusCode(200)
                .body("state", equalTo("resolved_manually"));
        JsonPath done = awaitTask(task, WITHIN, "resolved_manually", "complete", "error");
        assertThat(done.getString("state")).isEqualTo("resolved_manually");
        // last = seed + add + first (the resolved step has no result)
        assertThat(value(done, "last")).isEqualTo(2 + 100 + 3);
        assertThat(TaskerApi.transitions(task)).filteredOn(t -> "task".equals(t.get("entity")))
                .extracting(t -> t.get("to_state")).containsSubsequence("error", "evaluating_results", "enqueuing_steps");
    }

    @Test
    void completingAFailedStepManuallyFeedsItsResultToDependents() {
        template("manual_completion", step("first", "", "{add: 1}") + step("broken", "first", "{fail_permanently: true}")
                + step("last", "broken", "{add: 100}"));
        UUID task = createTask("e2e", "manual_completion", "{\"seed\": 2}");
        awaitTask(task, WITHIN, "error");

        given().contentType("application/json").body("{\"result\": {\"value\": 1000}}")
                .post("/v1/tasks/{task}/steps/broken/complete_manually", task).then().statusCode(200)
                .body("state", equalTo("complete")).body("result.value", equalTo(1000));
        JsonPath done = awaitTask(task, WITHIN, "complete", "error");
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(value(done, "last")).isEqualTo(2 + 100 + 3 + 1000);
        given().contentType("application/json").body("{\"result\": 1}")
                .post("/v1/tasks/{task}/steps/first/complete_manually", task).then().statusCode(409);
    }

    @Test
    void resettingAFailedStepRunsItAgainFromAttemptOne() {
        template("reset_for_retry", """
                - name: flaky
                  handler:
                    callable: test_handler
                    initialization: {fail_until_attempt: 2}
                  retry: {max_attempts: 1}
                """);
        UUID task = createTask("e2e", "reset_for_retry", "{\"seed\": 1}");
        awaitTask(task, WITHIN, "error");
        given().post("/v1/tasks/{task}/steps/flaky/reset_for_retry", task).then().statusCode(200);

        Await.until(() -> TaskerApi.transitions(task).stream()
                .filter(t -> "flaky".equals(t.get("step_name")) && "in_progress".equals(t.get("to_state"))).count() == 2
                && "error".equals(TaskerApi.task(task).getString("state")), WITHIN, "the reset step to run and fail again");
        JsonPath flaky = TaskerApi.step(task, "flaky");
        assertThat(flaky.getInt("attempts")).isEqualTo(1);
        assertThat(flaky.getString("error.message")).isEqualTo("transient failure on attempt 1");
        given().post("/v1/tasks/{task}/steps/flaky/reset_for_retry", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void duplicateTasksAreRefusedWithTheExistingTask() {
        template("identity", step("only", "", "{add: 1}"));
        UUID first = createTask("e2e", "identity", "{\"seed\": 41, \"tags\": {\"a\": 1, \"b\": 2}}");

        // same template and context (member order does not matter) → 409 with the existing task
        TaskerApi.postTask("e2e", "identity", "{\"tags\": {\"b\": 2, \"a\": 1}, \"seed\": 41}", null).then()
                .statusCode(409).contentType("application/problem+json")
                .body("existing_task_uuid", equalTo(first.toString()));
        // same idempotency key, different context → 409 with that task
        UUID keyed = UUID.fromString(TaskerApi.postTask("e2e", "identity", "{\"seed\": 42}", "order-42").then()
                .statusCode(201).extract().path("task_uuid"));
        TaskerApi.postTask("e2e", "identity", "{\"seed\": 43}", "order-42").then().statusCode(409)
                .body("existing_task_uuid", equalTo(keyed.toString()));
        // different context → a new task
        TaskerApi.postTask("e2e", "identity", "{\"seed\": 44}", null).then().statusCode(201);
    }

    @Test
    void tasksAreRefusedWhenTheContextOrTheHandlersDoNotFit() {
        template("needs_context", step("only", "", "{add: 1}"));
        TaskerApi.postTask("e2e", "needs_context", "{\"seed\": \"five\"}", null).then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("/seed"));
        TaskerApi.postTask("e2e", "no_such_template", "{}", null).then().statusCode(404);

        TaskerApi.registerTemplate("""
                name: undeployed
                namespace_name: e2e
                version: 1.0.0
                steps:
                  - name: a
                    handler: {callable: never_deployed_handler}
                  - name: b
                    handler: {callable: "test_handler@sha256:%s"}
                """.formatted("0".repeat(64)));
        TaskerApi.postTask("e2e", "undeployed", "{}", null).then().statusCode(422)
                .body("type", equalTo("https://tasker.dev/problems/handler-not-deployed"))
                .body("errors.message", org.hamcrest.Matchers.hasSize(2));
    }

    @Test
    void tasksAreListedNewestFirstWithFiltersAndPages() {
        template("listed", step("only", "", "{add: 1}"));
        UUID first = createTask("e2e", "listed", "{\"seed\": 1}");
        UUID second = createTask("e2e", "listed", "{\"seed\": 2}");
        UUID third = createTask("e2e", "listed", "{\"seed\": 3}");
        awaitTask(third, WITHIN, "complete");
        awaitTask(first, WITHIN, "complete");

        given().get("/v1/tasks?namespace=e2e&name=listed&limit=2").then().statusCode(200)
                .body("total", equalTo(3)).body("limit", equalTo(2)).body("offset", equalTo(0))
                .body("items.task_uuid", org.hamcrest.Matchers.contains(third.toString(), second.toString()));
        given().get("/v1/tasks?namespace=e2e&name=listed&limit=2&offset=2").then().statusCode(200)
                .body("items.task_uuid", org.hamcrest.Matchers.contains(first.toString()))
                .body("items[0].state", equalTo("complete")).body("items[0].version", equalTo("1.0.0"));
        given().get("/v1/tasks?name=listed&state=cancelled").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void stepsPinTheHandlerVersionLiveAtCreation() {
        String digest = TaskerApi.deploy("test_handler", TestModules.testHandler());
        template("pinned", step("only", "", "{add: 1}"));
        UUID task = createTask("e2e", "pinned", "{\"seed\": 9}");
        awaitTask(task, WITHIN, "complete");
        assertThat(TaskerApi.step(task, "only").getString("handler_digest")).isEqualTo(digest);
        assertThat(TaskerApi.step(task, "only").getString("handler")).isEqualTo("test_handler");
    }

    private double executedCount(String outcome) {
        return meters.find("tasker.steps.executed").tag("namespace", "e2e").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
