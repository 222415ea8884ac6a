package dev.tasker.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.queue.Pgmq;
import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TransitionLog;
import dev.tasker.orchestrator.testing.Await;
import dev.tasker.orchestrator.testing.ConsumersStopped;
import dev.tasker.orchestrator.testing.TaskerApi;
import dev.tasker.orchestrator.testing.TestModules;
import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.contract.StepResult;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit of step results on a real database: outcomes that arrive while a record call is being written share
 * the next call, and an outcome the database rejects fails alone.
 */
@QuarkusTest
@TestProfile(ConsumersStopped.class)
class StepResultRecorderTest {

    private static final String NAMESPACE = "recorder";
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Inject
    Database db;

    @BeforeEach
    void template() {
        TaskerApi.deploy("test_handler", TestModules.testHandler());
        TaskerApi.registerTemplate("""
                name: single
                namespace_name: recorder
                version: 1.0.0
                steps:
                  - name: only
                    handler:
                      callable: test_handler
                """);
    }

    @AfterEach
    void cleanUp() {
        db.query("DELETE FROM tasker.tasks WHERE namespace = $1", NAMESPACE);
        db.query("SELECT pgmq.purge_queue($1)", Queues.workerQueue(NAMESPACE));
        db.query("SELECT pgmq.purge_queue($1)", Queues.STEP_RESULTS);
        db.script("DROP TRIGGER IF EXISTS reject_one_result ON tasker.workflow_steps;"
                + " DROP FUNCTION IF EXISTS public.reject_one_result()");
    }

    /** {@code count} single-step tasks, their steps claimed (in_progress). */
    private List<StepWork> claimed(int count) {
        for (int i = 0; i < count; i++) {
            TaskerApi.createTask(NAMESPACE, "single", "{\"seed\": " + i + "}");
        }
        List<StepWork> work = StepWorkReader.claim(db, Queues.workerQueue(NAMESPACE), count);
        assertThat(work).hasSize(count);
        return work;
    }

    private static ExecutionOutcome success(int value) {
        return new ExecutionOutcome(new StepResult.Success(IntNode.valueOf(value), null, null, null, null), "", 3, null);
    }

    /** Real statements, counted; the first call waits for the test's go. */
    private static final class GatedDatabase implements SqlExecutor {
        private final SqlExecutor db;
        private final CountDownLatch go = new CountDownLatch(1);
        private final AtomicInteger calls = new AtomicInteger();
        private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        GatedDatabase(SqlExecutor db) {
            this.db = db;
        }

        @Override
        public RowSet<Row> query(String sql, Object... params) {
            if (calls.getAndIncrement() == 0) {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            batchSizes.add(((JsonNode) params[0]).size());
            return db.query(sql, params);
        }

        @Override
        public void script(String sql) {
            db.script(sql);
        }
    }

    @Test
    void outcomesArrivingDuringAWriteShareTheNextCall() throws Exception {
        List<StepWork> work = claimed(5);
        GatedDatabase gated = new GatedDatabase(db);
        AtomicInteger wakeUps = new AtomicInteger();
        StepResultRecorder recorder = new StepResultRecorder(gated, wakeUps::incrementAndGet);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Boolean>> recorded = new ArrayList<>();
            recorded.add(CompletableFuture.supplyAsync(() -> recorder.record(work.getFirst(), success(0)), threads));
            Await.until(() -> gated.calls.get() == 1, WITHIN, "the first call to start");
            for (int i = 1; i < work.size(); i++) {
                StepWork step = work.get(i);
                int value = i;
                recorded.add(CompletableFuture.supplyAsync(() -> recorder.record(step, success(value)), threads));
            }
            Await.until(() -> recorder.queued() == 4, WITHIN, "four outcomes to queue behind the first call");
            gated.go.countDown();
            for (CompletableFuture<Boolean> one : recorded) {
                assertThat(one.get(20, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(gated.batchSizes).containsExactly(1, 4);
        assertThat(wakeUps).as("the result consumers are woken after each committed call").hasValue(2);
        for (int i = 0; i < work.size(); i++) {
            StepWork step = work.get(i);
            assertThat(TransitionLog.STEPS.current(db, step.stepUuid())).contains(StepState.ENQUEUED_FOR_ORCHESTRATION);
            assertThat(db.first("SELECT results FROM tasker.workflow_steps WHERE workflow_step_uuid = $1",
                    row -> SqlJson.fromSql(row.getValue(0)).asInt(), step.stepUuid())).contains(i);
        }
        assertThat(Pgmq.metrics(db, Queues.STEP_RESULTS).queueLength()).as("one result message per step").isEqualTo(5);
    }

    @Test
    void anOutcomeTheDatabaseRejectsFailsAloneAndTheRestOfItsBatchIsRecorded() throws Exception {
        List<StepWork> work = claimed(3);
        StepWork rejected = work.get(1);
        db.script("CREATE FUNCTION public.reject_one_result() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'disk full (test)'; END $$;"
                + " CREATE TRIGGER reject_one_result BEFORE UPDATE OF results ON tasker.workflow_steps FOR EACH ROW"
                + " WHEN (OLD.workflow_step_uuid = '" + rejected.stepUuid() + "') EXECUTE FUNCTION public.reject_one_result()");
        GatedDatabase gated = new GatedDatabase(db);
        AtomicInteger wakeUps = new AtomicInteger();
        StepResultRecorder recorder = new StepResultRecorder(gated, wakeUps::incrementAndGet);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(
                    () -> recorder.record(work.getFirst(), success(0)), threads);
            Await.until(() -> gated.calls.get() == 1, WITHIN, "the first call to start");
            CompletableFuture<Boolean> bad = CompletableFuture.supplyAsync(() -> recorder.record(rejected, success(1)), threads);
            CompletableFuture<Boolean> good = CompletableFuture.supplyAsync(() -> recorder.record(work.get(2), success(2)), threads);
            Await.until(() -> recorder.queued() == 2, WITHIN, "two outcomes to queue behind the first call");
            gated.go.countDown();
            assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(good.get(20, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> bad.get(20, TimeUnit.SECONDS)).hasStackTraceContaining("disk full (test)");
        }
        assertThat(gated.batchSizes).as("the batch of two, then each alone").containsExactly(1, 2, 1, 1);
        assertThat(wakeUps).as("after the first call and the good outcome's own; not after the failed ones").hasValue(2);
        assertThat(TransitionLog.STEPS.current(db, work.get(2).stepUuid())).contains(StepState.ENQUEUED_FOR_ORCHESTRATION);
        assertThat(TransitionLog.STEPS.current(db, rejected.stepUuid())).as("rolled back: claim recovery re-runs it")
                .contains(StepState.IN_PROGRESS);
        assertThat(Pgmq.metrics(db, Queues.STEP_RESULTS).queueLength()).isEqualTo(2);
    }

    @Test
    void aStepThatLeftInProgressIsNotRecorded() {
        StepWork step = claimed(1).getFirst();
        TaskerApi.cancel(step.taskUuid());
        AtomicInteger wakeUps = new AtomicInteger();
        assertThat(new StepResultRecorder(db, wakeUps::incrementAndGet).record(step, success(7))).isFalse();
        assertThat(wakeUps).as("nothing was sent").hasValue(0);
        assertThat(TransitionLog.STEPS.current(db, step.stepUuid())).contains(StepState.CANCELLED);
        assertThat(Pgmq.metrics(db, Queues.STEP_RESULTS).queueLength()).isZero();
    }
}
