package dev.tasker.orchestrator.workflow;

import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.NotificationPublisher;
import dev.tasker.orchestrator.execution.HandlerLoader;
import dev.tasker.orchestrator.execution.StepDispatcher;
import dev.tasker.orchestrator.execution.StepWork;
import dev.tasker.orchestrator.execution.StepWorkReader;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.queue.Pgmq;
import dev.tasker.orchestrator.queue.QueueMessage;
import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.readiness.Readiness;
import dev.tasker.orchestrator.readiness.StepReadiness;
import dev.tasker.orchestrator.readiness.TaskExecutionContext;
import dev.tasker.orchestrator.readiness.TaskExecutionContext.ExecutionStatus;
import dev.tasker.orchestrator.recovery.ClaimRecovery;
import dev.tasker.orchestrator.registry.HandlerRegistry;
import dev.tasker.orchestrator.registry.TemplateRegistry;
import dev.tasker.orchestrator.results.RetryScheduler;
import dev.tasker.orchestrator.results.StepResultProcessor;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TaskState;
import dev.tasker.orchestrator.state.Transition;
import dev.tasker.orchestrator.state.TransitionLog;
import dev.tasker.orchestrator.testing.Await;
import dev.tasker.orchestrator.testing.ConsumersStopped;
import dev.tasker.orchestrator.testing.TaskerApi;
import dev.tasker.orchestrator.testing.TestModules;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.RuntimeConfig;
import dev.tasker.runtime.RuntimeLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.HashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workflows driven one consumer round at a time (the background loops are stopped), asserting the SQL readiness and
 * task execution context after every step; and crash recovery: a message read but never claimed, a claim whose
 * dispatcher died, and a restart (fresh consumers and runtime) in the middle of a workflow.
 */
@QuarkusTest
@TestProfile(ConsumersStopped.class)
class StepwiseWorkflowTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Inject
    Database db;
    @Inject
    StepDispatcher dispatcher;
    @Inject
    StepResultProcessor results;
    @Inject
    RetryScheduler retries;
    @Inject
    ClaimRecovery recovery;
    @Inject
    TaskerConfig config;
    @Inject
    HandlerRegistry registry;
    @Inject
    TemplateRegistry templates;
    @Inject
    RuntimeLimits limits;
    @Inject
    MeterRegistry meters;
    @Inject
    NotificationPublisher publisher;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void deploy() {
        TaskerApi.deploy("test_handler", TestModules.testHandler());
    }

    /** Leaves no task or message behind for the next test (the consumers read every queue). */
    @AfterEach
    void cleanUp() {
        db.query("DELETE FROM tasker.tasks WHERE namespace = 'stepwise'");
        db.query("SELECT pgmq.purge_queue($1)", Queues.workerQueue("stepwise"));
        db.query("SELECT pgmq.purge_queue($1)", Queues.STEP_RESULTS);
    }

    private static void template(String name, String steps) {
        TaskerApi.registerTemplate("""
                name: %s
                namespace_name: stepwise
                version: 1.0.0
                steps:
                %s""".formatted(name, steps.indent(2)));
    }

    private static String step(String name, String dependencies, String extra) {
        return """
                - name: %s
                  dependencies: [%s]
                  handler:
                    callable: test_handler
                    initialization: {add: 1}
                %s""".formatted(name, dependencies, extra.indent(2));
    }

    private TaskExecutionContext context(UUID task) {
        return Readiness.context(db, task).orElseThrow();
    }

    private Map<String, StepReadiness> readiness(UUID task) {
        return Readiness.steps(db, task).stream().collect(Collectors.toMap(StepReadiness::name, Function.identity()));
    }

    private static void assertCounts(TaskExecutionContext ctx, TaskState task, ExecutionStatus status, int pending,
                                     int enqueued, int orchestrating, int completed, int ready) {
        assertThat(ctx.status()).as("task state").isEqualTo(task);
        assertThat(ctx.executionStatus()).as("execution status").isEqualTo(status);
        assertThat(ctx.pendingSteps()).as("pending").isEqualTo(pending);
        assertThat(ctx.enqueuedSteps()).as("enqueued").isEqualTo(enqueued);
        assertThat(ctx.inProgressSteps()).as("in progress").isZero();
        assertThat(ctx.enqueuedForOrchestrationSteps()).as("awaiting orchestration").isEqualTo(orchestrating);
        assertThat(ctx.completedSteps()).as("completed").isEqualTo(completed);
        assertThat(ctx.readySteps()).as("ready").isEqualTo(ready);
    }

    @Test
    void linearWorkflowStepByStep() {
        template("linear", step("a", "", "") + step("b", "a", "") + step("c", "b", "") + step("d", "c", ""));
        UUID task = TaskerApi.createTask("stepwise", "linear", "{\"seed\": 1}");
        assertCounts(context(task), TaskState.STEPS_IN_PROCESS, ExecutionStatus.PROCESSING, 3, 1, 0, 0, 0);
        assertThat(readiness(task).get("b").dependenciesSatisfied()).isFalse();

        String[] names = {"a", "b", "c", "d"};
        for (int k = 1; k <= 4; k++) {
            assertThat(dispatcher.runOnce(10)).as("steps run in round " + k).isEqualTo(1);
            assertCounts(context(task), TaskState.STEPS_IN_PROCESS, ExecutionStatus.PROCESSING, 4 - k, 0, 1, k - 1, 0);
            assertThat(readiness(task).get(names[k - 1]).state()).isEqualTo(StepState.ENQUEUED_FOR_ORCHESTRATION);

            assertThat(results.processOnce()).isEqualTo(1);
            if (k < 4) {
                assertCounts(context(task), TaskState.STEPS_IN_PROCESS, ExecutionStatus.PROCESSING, 3 - k, 1, 0, k, 0);
                StepReadiness next = readiness(task).get(names[k]);
                assertThat(next.state()).isEqualTo(StepState.ENQUEUED);
                assertThat(next.completedParents()).isEqualTo(1);
            } else {
                assertCounts(context(task), TaskState.COMPLETE, ExecutionStatus.ALL_COMPLETE, 0, 0, 0, 4, 0);
            }
        }
        // a = 1+1, b = 1+1+2, c = 1+1+2+4, d = 1+1+2+4+8
        assertThat(TaskerApi.task(task).getList("steps.result.value", Integer.class)).containsExactly(2, 4, 8, 16);
        assertThat(dispatcher.runOnce(10)).isZero();
        assertThat(results.processOnce()).isZero();

        // tasker-core's task path, each advance's states written together: a from_state chain, gapless sort_keys
        List<Transition> history = TransitionLog.TASKS.history(db, task);
        List<String> wave = List.of("evaluating_results", "enqueuing_steps", "steps_in_process");
        List<String> expected = new ArrayList<>(List.of("pending", "initializing", "enqueuing_steps",
                "steps_in_process"));
        for (int k = 1; k < 4; k++) {
            expected.addAll(wave);
        }
        expected.addAll(List.of("evaluating_results", "complete"));
        assertThat(history).extracting(Transition::toState).containsExactlyElementsOf(expected);
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).sortKey()).isEqualTo(i);
            assertThat(history.get(i).fromState()).isEqualTo(i == 0 ? null : history.get(i - 1).toState());
            assertThat(history.get(i).mostRecent()).isEqualTo(i == history.size() - 1);
        }
    }

    @Test
    void diamondWorkflowStepByStep() {
        template("diamond", step("start", "", "") + step("left", "start", "") + step("right", "start", "")
                + step("end", "left, right", ""));
        UUID task = TaskerApi.createTask("stepwise", "diamond", "{\"seed\": 1}");
        dispatcher.runOnce(10);
        results.processOnce();
        assertCounts(context(task), TaskState.STEPS_IN_PROCESS, ExecutionStatus.PROCESSING, 1, 2, 0, 1, 0);

        assertThat(dispatcher.runOnce(1)).isEqualTo(1);
        results.processOnce();
        assertCounts(context(task), TaskState.STEPS_IN_PROCESS, ExecutionStatus.PROCESSING, 1, 1, 0, 2, 0);
        assertThat(readiness(task).get("end").completedParents()).isEqualTo(1);
        assertThat(readiness(task).get("end").ready()).isFalse();

        assertThat(dispatcher.runOnce(1)).isEqualTo(1);
        results.processOnce();
        assertCounts(context(task), TaskState.STEPS_IN_PROCESS, ExecutionStatus.PROCESSING, 0, 1, 0, 3, 0);
        assertThat(readiness(task).get("end").state()).isEqualTo(StepState.ENQUEUED);

        dispatcher.runOnce(1);
        results.processOnce();
        assertCounts(context(task), TaskState.COMPLETE, ExecutionStatus.ALL_COMPLETE, 0, 0, 0, 4, 0);
        // start 2, left 1+1+2 = 4, right 4, end 1+1+2+4+4 = 12
        JsonPath done = TaskerApi.task(task);
        assertThat(done.getInt("steps.find { it.name == 'end' }.result.value")).isEqualTo(12);
    }

    /**
     * One claim of two steps with different ancestries: each gets the results of its own complete ancestors,
     * transitive ones included, and not those of an ancestor that was resolved manually (no result) or of a step
     * that is not its ancestor. (e waits for b too, so neither c nor e can run before b is resolved, whichever
     * order b and d ran in.)
     */
    @Test
    void aClaimCarriesEachStepsCompleteAncestorsOnly() {
        template("ancestry", step("a", "", "") + step("b", "a", "").replace("{add: 1}", "{fail_permanently: true}")
                + step("c", "b", "") + step("d", "a", "") + step("e", "b, d", ""));
        UUID task = TaskerApi.createTask("stepwise", "ancestry", "{\"seed\": 1}");
        dispatcher.runOnce(10);
        results.processOnce();
        assertThat(dispatcher.runOnce(10)).as("b and d").isEqualTo(2);
        results.processOnce();
        assertThat(context(task).status()).isEqualTo(TaskState.ERROR);
        given().post("/v1/tasks/{task}/steps/b/resolve_manually", task).then().statusCode(200);
        assertThat(readiness(task).get("c").state()).isEqualTo(StepState.ENQUEUED);
        assertThat(readiness(task).get("e").state()).isEqualTo(StepState.ENQUEUED);

        Map<String, StepWork> claimed = StepWorkReader.claim(db, Queues.workerQueue("stepwise"), 10).stream()
                .collect(Collectors.toMap(StepWork::stepName, Function.identity()));
        assertThat(claimed).containsOnlyKeys("c", "e");
        // a = 1 + 1 = 2, d = 1 + 1 + a = 4
        assertThat(claimed.get("c").dependencyResults()).containsOnlyKeys("a");
        assertThat(claimed.get("c").dependencyResults().get("a").path("value").asInt()).isEqualTo(2);
        assertThat(claimed.get("e").dependencyResults()).containsOnlyKeys("a", "d");
        assertThat(claimed.get("e").dependencyResults().get("d").path("value").asInt()).isEqualTo(4);
    }

    /**
     * Migration V14: the hot path's entry points run every statement, nested functions included, with cached generic
     * plans (the benchmark's PostgreSQL CPU per step fell from 8.1 to 5.0 ms). A CREATE OR REPLACE of one of them
     * silently drops the setting; this fails then. advance_task keeps V6's planner settings too. V16 and V17 add the
     * set-based advance and task creation.
     */
    @Test
    void theHotPathEntryPointsRunWithGenericPlans() {
        Map<String, List<String>> settings = new HashMap<>();
        db.list("SELECT p.proname, coalesce(p.proconfig, '{}') FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'tasker' AND p.proname = ANY ($1)",
                row -> settings.put(row.getString(0), List.of(row.getArrayOfStrings(1))),
                (Object) new String[] {"claim_steps", "record_step_results", "process_step_results", "advance_task",
                        "advance_tasks", "create_tasks", "insert_steps"});
        assertThat(settings).hasSize(7).allSatisfy((function, config) ->
                assertThat(config).as(function).contains("plan_cache_mode=force_generic_plan"));
        assertThat(settings.get("advance_task")).contains("enable_seqscan=off");
    }

    /**
     * The claim's dependency-results statement under its cached generic plan (what a long-lived connection runs):
     * every read of a step, an edge or a transition is an index probe with a condition, never a scan of a whole
     * table. Its plan is read from auto_explain at NOTICE level, in a transaction rolled back afterwards.
     */
    @Test
    void aClaimReadsAncestryByIndexProbesUnderItsGenericPlan() throws Exception {
        template("ancestry_plan", step("a", "", "") + step("b", "a", "") + step("c", "b", ""));
        UUID task = TaskerApi.createTask("stepwise", "ancestry_plan", "{\"seed\": 1}");
        for (int i = 0; i < 2; i++) {
            dispatcher.runOnce(10);
            results.processOnce();
        }
        assertThat(readiness(task).get("c").state()).isEqualTo(StepState.ENQUEUED);
        String plan;
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("LOAD 'auto_explain'");
            sql.execute("SET LOCAL auto_explain.log_min_duration = 0");
            sql.execute("SET LOCAL auto_explain.log_nested_statements = on");
            sql.execute("SET LOCAL auto_explain.log_level = notice");
            sql.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            sql.executeQuery("SELECT * FROM tasker.claim_steps('" + Queues.workerQueue("stepwise") + "', 10)").close();
            List<String> notices = new ArrayList<>();
            for (SQLWarning w = sql.getWarnings(); w != null; w = w.getNextWarning()) {
                notices.add(w.getMessage());
            }
            connection.rollback();
            plan = notices.stream().filter(notice -> notice.contains("WITH RECURSIVE ancestry")).findFirst()
                    .orElseThrow(() -> new AssertionError("no plan of the dependency-results statement in " + notices));
        }
        String[] nodes = plan.substring(plan.indexOf("\n", plan.indexOf("WHERE ws.workflow_step_uuid = ANY"))).split("->");
        List<String> tableReads = Arrays.stream(nodes)
                .filter(node -> node.matches("(?s).*Scan[^\\n]* on (workflow_steps|workflow_step_edges"
                        + "|workflow_step_transitions|tasks)\\b.*"))
                .toList();
        assertThat(tableReads).as(plan).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(node -> assertThat(node).as(plan).containsAnyOf("Index Cond", "Recheck Cond"));
    }

    @Test
    void retryWaitsForItsBackoffThenRunsAgain() {
        template("backoff", step("flaky", "", "retry: {max_attempts: 2, backoff: fixed, backoff_base_ms: 700, max_backoff_ms: 700}")
                .replace("{add: 1}", "{fail_until_attempt: 2}"));
        UUID task = TaskerApi.createTask("stepwise", "backoff", "{\"seed\": 3}");
        dispatcher.runOnce(10);
        assertThat(context(task).enqueuedForOrchestrationSteps()).isEqualTo(1);
        results.processOnce();

        StepReadiness waiting = readiness(task).get("flaky");
        assertThat(waiting.state()).isEqualTo(StepState.WAITING_FOR_RETRY);
        assertThat(waiting.retryEligible()).isTrue();
        assertThat(waiting.nextRetryAt()).isNotNull();
        assertCounts(context(task), TaskState.WAITING_FOR_RETRY, ExecutionStatus.WAITING_FOR_RETRY, 0, 0, 0, 0, 0);
        retries.enqueueDue();
        assertThat(readiness(task).get("flaky").state()).as("backoff not expired yet").isEqualTo(StepState.WAITING_FOR_RETRY);

        Await.until(() -> readiness(task).get("flaky").ready(), WITHIN, "the backoff to expire");
        assertThat(retries.enqueueDue()).isEqualTo(1);
        assertCounts(context(task), TaskState.STEPS_IN_PROCESS, ExecutionStatus.PROCESSING, 0, 1, 0, 0, 0);
        dispatcher.runOnce(10);
        results.processOnce();
        assertCounts(context(task), TaskState.COMPLETE, ExecutionStatus.ALL_COMPLETE, 0, 0, 0, 1, 0);
        assertThat(TaskerApi.step(task, "flaky").getInt("result.attempt")).isEqualTo(2);
    }

    @Test
    void oneRoundProcessesTheResultsOfSeveralTasksAndLeavesAFailedStepToTheRetryRules() {
        template("batch_diamond", step("start", "", "") + step("left", "start", "") + step("right", "start", "")
                + step("end", "left, right", ""));
        template("batch_flaky", step("flaky", "", "retry: {max_attempts: 2, backoff: fixed, backoff_base_ms: 60000}")
                .replace("{add: 1}", "{fail_until_attempt: 2}"));
        UUID diamond = TaskerApi.createTask("stepwise", "batch_diamond", "{\"seed\": 1}");
        UUID flaky = TaskerApi.createTask("stepwise", "batch_flaky", "{\"seed\": 1}");
        assertThat(dispatcher.runOnce(10)).isEqualTo(2);
        assertThat(results.processOnce()).as("results read in one round").isEqualTo(2);
        assertThat(readiness(diamond).get("left").state()).isEqualTo(StepState.ENQUEUED);
        assertThat(readiness(diamond).get("right").state()).isEqualTo(StepState.ENQUEUED);
        StepReadiness waiting = readiness(flaky).get("flaky");
        assertThat(waiting.state()).isEqualTo(StepState.WAITING_FOR_RETRY);
        // the failed attempt's error stays in the transition log even after a later attempt succeeds
        assertThat(TransitionLog.STEPS.history(db, waiting.stepUuid())).last().satisfies(t ->
                assertThat(t.metadata().path("attempt_error").path("retryable").asBoolean()).isTrue());

        assertThat(dispatcher.runOnce(10)).as("left and right").isEqualTo(2);
        assertThat(results.processOnce()).isEqualTo(2);
        assertCounts(context(diamond), TaskState.STEPS_IN_PROCESS, ExecutionStatus.PROCESSING, 0, 1, 0, 3, 0);
        assertThat(Pgmq.metrics(db, Queues.workerQueue("stepwise")).queueLength()).as("end enqueued once").isEqualTo(1);
        dispatcher.runOnce(10);
        results.processOnce();
        assertThat(TaskerApi.task(diamond).getInt("steps.find { it.name == 'end' }.result.value")).isEqualTo(12);
        assertThat(context(diamond).status()).isEqualTo(TaskState.COMPLETE);
    }

    /**
     * The batched SQL path on its own (the Java path would hide a broken batch: it takes over when the call fails):
     * a standard step's result is processed in the database, a failed step's task is left untouched for Java.
     */
    @Test
    void theBatchCompletesStandardStepsInTheDatabaseAndLeavesFailuresToTheRetryRules() {
        template("sql_batch", step("start", "", "") + step("next", "start", ""));
        template("sql_batch_flaky", step("flaky", "", "retry: {max_attempts: 2, backoff: fixed, backoff_base_ms: 60000}")
                .replace("{add: 1}", "{fail_until_attempt: 2}"));
        UUID ok = TaskerApi.createTask("stepwise", "sql_batch", "{\"seed\": 1}");
        UUID failing = TaskerApi.createTask("stepwise", "sql_batch_flaky", "{\"seed\": 1}");
        assertThat(dispatcher.runOnce(10)).isEqualTo(2);

        Map<String, Boolean> processedByTask = db.list("SELECT message->>'task_uuid' AS task, processed, read_ct"
                        + " FROM tasker.process_step_results(30, 16)",
                row -> {
                    assertThat(row.getInteger("read_ct")).as("counts this read, as pgmq.read").isEqualTo(1);
                    return Map.entry(row.getString("task"), row.getBoolean("processed"));
                }).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(processedByTask).containsExactlyInAnyOrderEntriesOf(
                Map.of(ok.toString(), true, failing.toString(), false));
        // V21: the deferred message is hidden for the visibility timeout with its read counted, the other one is gone
        List<Long> hiddenSeconds = db.list("SELECT read_ct, round(extract(epoch FROM vt - clock_timestamp())) AS hidden"
                + " FROM pgmq.q_" + Queues.STEP_RESULTS, row -> {
                    assertThat(row.getInteger("read_ct")).isEqualTo(1);
                    return row.getLong("hidden");
                });
        assertThat(hiddenSeconds).singleElement().satisfies(hidden -> assertThat(hidden).isBetween(25L, 30L));
        assertThat(results.processOnce()).as("nothing visible until the timeout ends").isZero();
        db.query("UPDATE pgmq.q_" + Queues.STEP_RESULTS + " SET vt = clock_timestamp()");
        assertThat(readiness(ok).get("start").state()).isEqualTo(StepState.COMPLETE);
        assertThat(readiness(ok).get("next").state()).as("advanced in the same call").isEqualTo(StepState.ENQUEUED);
        assertThat(readiness(failing).get("flaky").state()).as("untouched, left to Java")
                .isEqualTo(StepState.ENQUEUED_AS_ERROR_FOR_ORCHESTRATION);
        assertThat(Pgmq.metrics(db, Queues.STEP_RESULTS).queueLength()).as("only the deferred message is left")
                .isEqualTo(1);

        assertThat(results.processOnce()).isEqualTo(1);
        assertThat(readiness(failing).get("flaky").state()).isEqualTo(StepState.WAITING_FOR_RETRY);
    }

    /**
     * Migration V16: one SQL batch whose tasks end in different places moves each along its own path, with its own
     * metadata, messages and outbox events: a one-step task completes, a chain enqueues its next step, a fan-out
     * enqueues both branches (their messages in step-name order).
     */
    @Test
    void oneSqlBatchMovesEachTaskAlongItsOwnPath() {
        template("set_solo", step("start", "", ""));
        template("set_chain", step("start", "", "") + step("next", "start", ""));
        template("set_fan", step("start", "", "") + step("right", "start", "") + step("left", "start", ""));
        UUID solo = TaskerApi.createTask("stepwise", "set_solo", "{\"seed\": 1}");
        UUID chain = TaskerApi.createTask("stepwise", "set_chain", "{\"seed\": 1}");
        UUID fan = TaskerApi.createTask("stepwise", "set_fan", "{\"seed\": 1}");
        assertThat(dispatcher.runOnce(10)).isEqualTo(3);
        long outboxBefore = db.first("SELECT coalesce(max(outbox_id), 0) FROM tasker.outbox", row -> row.getLong(0))
                .orElseThrow();

        assertThat(db.list("SELECT processed FROM tasker.process_step_results(0, 16)", row -> row.getBoolean(0)))
                .containsExactly(true, true, true);

        assertThat(context(solo).status()).isEqualTo(TaskState.COMPLETE);
        assertThat(context(chain).status()).isEqualTo(TaskState.STEPS_IN_PROCESS);
        assertThat(context(fan).status()).isEqualTo(TaskState.STEPS_IN_PROCESS);
        assertThat(lastStates(solo, 2)).containsExactly("evaluating_results", "complete");
        assertThat(lastStates(chain, 3)).containsExactly("evaluating_results", "enqueuing_steps", "steps_in_process");
        assertThat(lastStates(fan, 3)).containsExactly("evaluating_results", "enqueuing_steps", "steps_in_process");
        assertThat(TransitionLog.TASKS.history(db, chain)).last().satisfies(t ->
                assertThat(t.metadata().path("enqueued_steps").asInt()).isEqualTo(1));
        assertThat(TransitionLog.TASKS.history(db, fan)).last().satisfies(t ->
                assertThat(t.metadata().path("enqueued_steps").asInt()).isEqualTo(2));
        for (UUID task : List.of(solo, chain, fan)) {
            List<Transition> history = TransitionLog.TASKS.history(db, task);
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).sortKey()).as("gapless sort_key").isEqualTo(i);
                assertThat(history.get(i).fromState()).isEqualTo(i == 0 ? null : history.get(i - 1).toState());
                assertThat(history.get(i).mostRecent()).isEqualTo(i == history.size() - 1);
            }
        }

        Map<String, StepReadiness> fanSteps = readiness(fan);
        assertThat(fanSteps.get("left").state()).isEqualTo(StepState.ENQUEUED);
        assertThat(fanSteps.get("right").state()).isEqualTo(StepState.ENQUEUED);
        assertThat(readiness(chain).get("next").state()).isEqualTo(StepState.ENQUEUED);
        List<String> fanMessages = db.list("SELECT message->>'step_uuid' FROM pgmq.q_" + Queues.workerQueue("stepwise")
                + " WHERE message->>'task_uuid' = $1 ORDER BY msg_id", row -> row.getString(0), fan.toString());
        assertThat(fanMessages).containsExactly(fanSteps.get("left").stepUuid().toString(),
                fanSteps.get("right").stepUuid().toString());

        List<String> events = db.list("SELECT event_type || ' ' || aggregate_uuid FROM tasker.outbox"
                + " WHERE outbox_id > $1 AND event_type IN ('step.complete', 'task.complete') ORDER BY outbox_id",
                row -> row.getString(0), outboxBefore);
        assertThat(events).hasSize(4).endsWith("task.complete " + solo);
        assertThat(events.subList(0, 3)).containsExactlyInAnyOrder(
                "step.complete " + readiness(solo).get("start").stepUuid(),
                "step.complete " + readiness(chain).get("start").stepUuid(),
                "step.complete " + fanSteps.get("start").stepUuid());
    }

    private List<String> lastStates(UUID task, int count) {
        List<String> states = TransitionLog.TASKS.history(db, task).stream().map(Transition::toState).toList();
        return states.subList(states.size() - count, states.size());
    }

    /**
     * Migration V18: both kinds of queue table are due for vacuum after 500 dead messages whatever their size and are
     * vacuumed without throttling; Queues.create restores the parameters when they were reset.
     */
    @Test
    void queueTablesAreVacuumedAfter500DeadMessages() {
        template("vacuumed", step("only", "", ""));
        String worker = Queues.workerQueue("stepwise");
        db.query("ALTER TABLE pgmq.q_" + worker + " RESET (autovacuum_vacuum_threshold)");
        Queues.create(db, worker);
        for (String queue : List.of(Queues.STEP_RESULTS, worker)) {
            List<String> options = db.first("SELECT coalesce(reloptions, '{}') FROM pg_class"
                    + " WHERE oid = to_regclass('pgmq.q_' || $1)", row -> List.of(row.getArrayOfStrings(0)), queue)
                    .orElseThrow();
            assertThat(options).as(queue).contains("autovacuum_vacuum_scale_factor=0",
                    "autovacuum_vacuum_threshold=500", "autovacuum_vacuum_cost_delay=0");
        }
    }

    /**
     * tasker.tune_queue_vacuum's bad cases: a queue without a table fails naming it; a database user that does not own
     * the table (a pgmq extension installed by another role) gets a warning naming the table and keeps the defaults.
     */
    @Test
    void tuningAQueueWithoutATableFailsAndANonOwnerIsWarned() throws Exception {
        template("vacuum_owner", step("only", "", ""));
        String worker = Queues.workerQueue("stepwise");
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> sql.execute("SELECT tasker.tune_queue_vacuum('no_such_queue')"))
                    .hasMessageContaining("queue no_such_queue has no table pgmq.q_no_such_queue");
            connection.rollback();
            sql.execute("ALTER TABLE pgmq.q_" + worker + " RESET (autovacuum_vacuum_threshold)");
            sql.execute("CREATE ROLE tasker_not_owner");
            sql.execute("GRANT USAGE ON SCHEMA tasker, pgmq TO tasker_not_owner");
            sql.execute("SET LOCAL ROLE tasker_not_owner");
            sql.execute("SELECT tasker.tune_queue_vacuum('" + worker + "')");
            String warning = sql.getWarnings() == null ? null : sql.getWarnings().getMessage();
            assertThat(warning).contains("cannot set the vacuum parameters of pgmq.q_" + worker);
            sql.execute("RESET ROLE");
            try (var rs = sql.executeQuery("SELECT coalesce(reloptions, '{}')::text FROM pg_class"
                    + " WHERE oid = 'pgmq.q_" + worker + "'::regclass")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("left as it was").doesNotContain("autovacuum_vacuum_threshold");
            }
            connection.rollback();
        }
    }

    @Test
    void twoProcessorsWorkingTheSameResultsQueueCompleteEveryStepExactlyOnce() throws Exception {
        template("contended", step("start", "", "") + step("left", "start", "") + step("right", "start", "")
                + step("end", "left, right", ""));
        List<UUID> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(TaskerApi.createTask("stepwise", "contended", "{\"seed\": " + i + "}"));
        }
        StepResultProcessor second = new StepResultProcessor(db, templates, config, retries, publisher);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 10 && !tasks.stream().allMatch(t -> context(t).status() == TaskState.COMPLETE); round++) {
                while (dispatcher.runOnce(50) > 0) {
                    // run every enqueued step, so that each round leaves many results of the same tasks
                }
                var a = pool.submit(() -> drain(results));
                var b = pool.submit(() -> drain(second));
                a.get();
                b.get();
            }
        }
        for (UUID task : tasks) {
            assertThat(context(task).status()).as("task " + task).isEqualTo(TaskState.COMPLETE);
        }
        assertThat(db.first("SELECT count(*) FROM tasker.workflow_step_transitions st"
                        + " JOIN tasker.workflow_steps ws ON ws.workflow_step_uuid = st.workflow_step_uuid"
                        + " WHERE ws.task_uuid = ANY ($1) AND st.to_state = 'complete'",
                row -> row.getLong(0), (Object) tasks.toArray(UUID[]::new)))
                .as("one complete transition per step").contains(4L * tasks.size());
        assertThat(db.first("SELECT count(*) FROM tasker.task_transitions WHERE task_uuid = ANY ($1)"
                        + " AND to_state = 'complete'", row -> row.getLong(0), (Object) tasks.toArray(UUID[]::new)))
                .contains((long) tasks.size());
    }

    private static int drain(StepResultProcessor processor) {
        int total = 0;
        for (int read = processor.processOnce(); read > 0; read = processor.processOnce()) {
            total += read;
        }
        return total;
    }

    /**
     * V21's batches take their messages themselves, so they check their arguments as pgmq.read did: no quantity
     * takes nothing (a NULL LIMIT would take every message), a negative visibility timeout is named.
     */
    @Test
    void aBatchWithoutAQuantityTakesNothingAndANegativeVisibilityTimeoutIsRefused() {
        template("bad_arguments", step("only", "", ""));
        UUID task = TaskerApi.createTask("stepwise", "bad_arguments", "{\"seed\": 1}");
        String workerQueue = Queues.workerQueue("stepwise");
        for (String qty : new String[] {"NULL", "0", "-1"}) {
            assertThat(db.list("SELECT * FROM tasker.claim_steps($1, " + qty + ")", row -> row, workerQueue))
                    .as("claim of " + qty).isEmpty();
        }
        assertThat(Pgmq.metrics(db, workerQueue).queueLength()).isEqualTo(1);
        assertThat(dispatcher.runOnce(10)).isEqualTo(1);
        for (String qty : new String[] {"NULL", "0", "-1"}) {
            assertThat(db.list("SELECT * FROM tasker.process_step_results(30, " + qty + ")", row -> row))
                    .as("result batch of " + qty).isEmpty();
        }
        assertThat(Pgmq.metrics(db, Queues.STEP_RESULTS).queueLength()).isEqualTo(1);
        assertThat(db.first("SELECT read_ct FROM pgmq.q_" + Queues.STEP_RESULTS, row -> row.getInteger(0)))
                .as("not read").contains(0);
        assertThatThrownBy(() -> db.query("SELECT * FROM tasker.process_step_results(-1, 16)"))
                .hasMessageContaining("vt must be 0 or more seconds, got '-1'");
        assertThat(results.processOnce()).isEqualTo(1);
        assertThat(context(task).status()).isEqualTo(TaskState.COMPLETE);
    }

    @Test
    void malformedMessagesAreSetAsideWithoutStoppingTheQueues() {
        template("malformed", step("only", "", ""));
        UUID task = TaskerApi.createTask("stepwise", "malformed", "{\"seed\": 1}");
        String workerQueue = Queues.workerQueue("stepwise");
        Pgmq.send(db, workerQueue, Json.object("step_uuid", "not-a-uuid"));
        assertThat(dispatcher.runOnce(10)).as("the valid message still runs").isEqualTo(1);
        assertThat(Pgmq.metrics(db, workerQueue).queueLength()).isZero();
        assertThat(db.first("SELECT count(*) FROM pgmq.a_" + workerQueue + " WHERE message->>'step_uuid' = 'not-a-uuid'",
                row -> row.getLong(0))).as("archived").contains(1L);

        long garbage = Pgmq.send(db, Queues.STEP_RESULTS, Json.object("task_uuid", "nope"));
        assertThat(results.processOnce()).as("the garbage and the real result").isEqualTo(2);
        assertThat(context(task).status()).isEqualTo(TaskState.COMPLETE);
        assertThat(db.first("SELECT read_ct FROM pgmq.q_" + Queues.STEP_RESULTS + " WHERE msg_id = $1",
                row -> row.getInteger(0), garbage)).as("kept for redelivery, then archived").contains(1);
    }

    @Test
    void aMessageReadButNeverClaimedIsDeliveredAgainAfterItsVisibilityTimeout() {
        template("unclaimed", step("only", "", ""));
        UUID task = TaskerApi.createTask("stepwise", "unclaimed", "{\"seed\": 1}");
        // A dispatcher reads the message with a 1 s visibility timeout, then dies before claiming it.
        List<QueueMessage> read = Pgmq.read(db, Queues.workerQueue("stepwise"), 1, 10);
        assertThat(read).hasSize(1);
        assertThat(dispatcher.runOnce(10)).as("invisible during its visibility timeout").isZero();

        Await.until(() -> dispatcher.runOnce(10) > 0, WITHIN, "the message to become visible again");
        results.processOnce();
        assertThat(context(task).status()).isEqualTo(TaskState.COMPLETE);
        assertThat(TaskerApi.step(task, "only").getInt("attempts")).isEqualTo(1);
    }

    @Test
    void aClaimWhoseDispatcherDiedIsRecoveredAndRetried() {
        template("lost_claim", step("only", "", "timeout_seconds: 1\nretry: {max_attempts: 3, backoff: fixed, backoff_base_ms: 0}"));
        UUID task = TaskerApi.createTask("stepwise", "lost_claim", "{\"seed\": 1}");
        UUID step = crashAfterClaim("stepwise");
        assertThat(recovery.recover()).as("claim still within timeout + grace").isZero();

        Await.until(() -> recovery.recover() > 0, WITHIN, "the claim to expire");
        assertThat(TransitionLog.STEPS.current(db, step)).contains(StepState.ENQUEUED_AS_ERROR_FOR_ORCHESTRATION);
        results.processOnce();
        assertThat(TransitionLog.STEPS.current(db, step)).as("retried at once (0 ms backoff)").contains(StepState.ENQUEUED);
        dispatcher.runOnce(10);
        results.processOnce();

        JsonPath only = TaskerApi.step(task, "only");
        assertThat(only.getString("state")).isEqualTo("complete");
        assertThat(only.getInt("attempts")).isEqualTo(2);
        assertThat(only.getInt("result.attempt")).isEqualTo(2);
        assertThat(TaskerApi.transitions(task)).anySatisfy(t ->
                assertThat(String.valueOf(t.get("metadata"))).contains(ClaimRecovery.CLAIM_EXPIRED));
    }

    @Test
    void aLostClaimExpiresAfterItsHandlerVersionsTimeoutWhenTheStepSetsNone() {
        TaskerApi.deploy("stepwise_half_second", TestModules.testHandler(), Map.of("timeout_ms", 500));
        template("lost_claim_version_timeout", """
                - name: only
                  handler: {callable: stepwise_half_second}
                """);
        TaskerApi.createTask("stepwise", "lost_claim_version_timeout", "{\"seed\": 1}");
        UUID step = crashAfterClaim("stepwise");

        // 0.5 s version timeout + 1 s grace; with the 30 s default it would not expire within WITHIN (20 s)
        Await.until(() -> recovery.recover() > 0, WITHIN, "the claim to expire after the version's timeout");
        assertThat(TransitionLog.STEPS.current(db, step)).contains(StepState.ENQUEUED_AS_ERROR_FOR_ORCHESTRATION);
    }

    @Test
    void aRestartInTheMiddleOfAWorkflowLosesNothing() {
        String settings = "timeout_seconds: 1\nretry: {backoff: fixed, backoff_base_ms: 0}";
        template("restart", step("a", "", settings) + step("b", "a", settings) + step("c", "b", settings));
        UUID task = TaskerApi.createTask("stepwise", "restart", "{\"seed\": 10}");
        dispatcher.runOnce(10);
        results.processOnce();
        crashAfterClaim("stepwise"); // the old process claimed b and died

        // A new process: fresh runtime, handler cache and consumers; only the database is shared.
        try (HandlerRuntime runtime = new HandlerRuntime(RuntimeConfig.defaults().withLimits(limits).withMaxConcurrency(1))) {
            StepDispatcher newDispatcher = new StepDispatcher(db, templates, new HandlerLoader(registry, runtime), runtime, limits,
                    config, meters, publisher);
            RetryScheduler newRetries = new RetryScheduler(db, config);
            StepResultProcessor newResults = new StepResultProcessor(db, templates, config, newRetries, publisher);
            ClaimRecovery newRecovery = new ClaimRecovery(db, config);

            Await.until(() -> newRecovery.recover() > 0, WITHIN, "the lost claim of b to expire");
            for (int i = 0; i < 3; i++) {
                newResults.processOnce();
                newRetries.enqueueDue();
                newDispatcher.runOnce(10);
            }
            newResults.processOnce();
        }
        JsonPath done = TaskerApi.task(task);
        assertThat(done.getString("state")).isEqualTo("complete");
        // a = 10+1, b = 10+1+11, c = 10+1+11+22
        assertThat(done.getList("steps.result.value", Integer.class)).containsExactly(11, 22, 44);
        assertThat(done.getList("steps.attempts", Integer.class)).containsExactly(1, 2, 1);
    }

    /**
     * Does exactly what a dispatcher's claim does (CAS enqueued → in_progress, count the attempt, delete the message)
     * and then nothing, as a dispatcher killed right after its claim committed.
     *
     * @return the claimed step
     */
    private UUID crashAfterClaim(String namespace) {
        QueueMessage message = Pgmq.read(db, Queues.workerQueue(namespace), 30, 1).get(0);
        UUID step = UUID.fromString(message.message().get("step_uuid").asText());
        db.transact(tx -> {
            assertThat(TransitionLog.STEPS.transition(tx, step, StepState.ENQUEUED, StepState.IN_PROGRESS, null)).isTrue();
            tx.query("UPDATE tasker.workflow_steps SET attempts = attempts + 1, last_attempted_at = now()"
                    + " WHERE workflow_step_uuid = $1", step);
            Pgmq.delete(tx, Queues.workerQueue(namespace), message.msgId());
        });
        return step;
    }
}
