package dev.tasker.orchestrator.task;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.registry.HandlerLimits;
import dev.tasker.orchestrator.registry.HandlerRegistry;
import dev.tasker.orchestrator.registry.TemplateRegistry;
import dev.tasker.orchestrator.template.HandlerSpec;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.testing.Await;
import dev.tasker.orchestrator.testing.ConsumersStopped;
import dev.tasker.orchestrator.testing.TaskerApi;
import dev.tasker.orchestrator.testing.TestModules;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.inject.Inject;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * Task creation and step creation against the real schema: rows, DAG edges, creation order and pinned handler
 * versions written by batched statements (a fixed number of statements whatever the number of steps), and the 409
 * answer to identical creates racing each other. The background consumers are stopped so steps stay as created.
 */
@QuarkusTest
@TestProfile(ConsumersStopped.class)
class TaskCreationTest {

    private static final String NAMESPACE = "creation";
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Inject
    Database db;
    @Inject
    TaskCreator creator;
    @Inject
    TemplateRegistry templates;
    @Inject
    HandlerRegistry handlers;
    @Inject
    DataSource dataSource;

    private String liveDigest;

    @BeforeEach
    void deploy() {
        liveDigest = TaskerApi.deploy("test_handler", TestModules.testHandler());
    }

    @AfterEach
    void cleanUp() {
        db.query("DELETE FROM tasker.tasks WHERE namespace = $1", NAMESPACE);
        db.query("SELECT pgmq.purge_queue(queue_name) FROM pgmq.list_queues() WHERE queue_name = $1",
                Queues.workerQueue(NAMESPACE));
    }

    @Test
    void aDiamondGetsEveryStepEdgeAndTransitionInTemplateOrder() {
        // declared child-first: the topological order (a, c, b, d) is neither declaration nor name order
        template("diamond", """
                - name: d
                  dependencies: [b, c]
                  handler: {callable: test_handler, initialization: {add: 4}}
                  retry: {max_attempts: 5, backoff: linear, backoff_base_ms: 10, max_backoff_ms: 20}
                - name: c
                  dependencies: [a]
                  handler: {callable: test_handler, initialization: {add: 3}}
                  timeout_seconds: 7
                - name: b
                  dependencies: [a]
                  handler: {callable: test_handler, initialization: {add: 2}}
                  retry: {retryable: false}
                - name: a
                  handler: {callable: test_handler, initialization: {add: 1}}
                """);
        UUID task = create("diamond", "{\"n\": 1}", null);

        assertThat(stepNamesInCreationOrder(task)).containsExactly("a", "c", "b", "d");
        assertThat(edges(task)).containsExactlyInAnyOrder("a->b", "a->c", "b->d", "c->d");
        List<Row> rows = db.list("SELECT * FROM tasker.workflow_steps WHERE task_uuid = $1 ORDER BY created_at",
                row -> row, task);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.getString("handler_name")).isEqualTo("test_handler");
            assertThat(row.getString("handler_digest")).isEqualTo(liveDigest);
            assertThat(row.getString("template_step_name")).isEqualTo(row.getString("name"));
            assertThat(row.getString("step_type")).isEqualTo("standard");
            assertThat(row.getValue("inputs")).isNull();
        });
        Row d = rows.get(3);
        assertThat(SqlJson.fromSql(d.getValue("config"))).isEqualTo(Json.object("add", 4));
        assertThat(List.of(d.getBoolean("retryable"), d.getInteger("max_attempts"), d.getString("backoff"),
                d.getLong("backoff_base_ms"), d.getLong("max_backoff_ms"))).containsExactly(true, 5, "linear", 10L, 20L);
        assertThat(rows.get(2).getBoolean("retryable")).isFalse();
        assertThat(rows.get(1).getInteger("timeout_seconds")).isEqualTo(7);
        assertThat(rows.get(0).getInteger("timeout_seconds")).isNull();
        assertThat(db.list("SELECT ws.name, t.to_state FROM tasker.workflow_steps ws JOIN tasker.workflow_step_transitions t"
                        + " ON t.workflow_step_uuid = ws.workflow_step_uuid AND t.sort_key = 0 WHERE ws.task_uuid = $1",
                row -> row.getString(0) + ":" + row.getString(1), task))
                .containsExactlyInAnyOrder("a:pending", "b:pending", "c:pending", "d:pending");
        assertThat(TaskerApi.task(task).getList("steps.name")).containsExactly("a", "c", "b", "d");
        assertThat(TaskerApi.step(task, "a").getString("state")).isEqualTo("enqueued");
        assertThat(TaskerApi.step(task, "d").getList("dependencies")).containsExactly("b", "c");
    }

    @Test
    void manyStepsCreatedInOneStatementKeepStrictlyIncreasingCreationTimes() {
        // a chain whose names sort the other way round: s59 <- s58 <- ... <- s00
        int count = 60;
        StringBuilder steps = new StringBuilder();
        for (int i = count - 1; i >= 0; i--) {
            steps.append("- name: %s\n  dependencies: [%s]\n  handler: {callable: test_handler}\n"
                    .formatted(chainStep(i), i == count - 1 ? "" : chainStep(i + 1)));
        }
        template("chain", steps.toString());
        UUID task = create("chain", "{}", null);

        List<String> expected = IntStream.range(0, count).mapToObj(i -> chainStep(count - 1 - i)).toList();
        assertThat(stepNamesInCreationOrder(task)).containsExactlyElementsOf(expected);
        List<OffsetDateTime> created = db.list("SELECT created_at FROM tasker.workflow_steps WHERE task_uuid = $1"
                + " ORDER BY created_at", row -> row.getOffsetDateTime(0), task);
        assertThat(created).doesNotHaveDuplicates().isSorted();
        assertThat(edges(task)).hasSize(count - 1)
                .contains(chainStep(59) + "->" + chainStep(58), chainStep(1) + "->" + chainStep(0));
        assertThat(TaskerApi.task(task).getList("steps.name")).containsExactlyElementsOf(expected);
    }

    @Test
    void tasksStepsAndTransitionsGetTimeOrderedVersion7KeysWhoseTimestampIsTheirCreationTime() {
        template("ordered", "- name: first\n  handler: {callable: test_handler}\n"
                + "- name: second\n  dependencies: [first]\n  handler: {callable: test_handler}\n");
        UUID earlier = create("ordered", "{\"n\": 1}", null);
        UUID later = create("ordered", "{\"n\": 2}", null);

        assertThat(later).isGreaterThan(earlier);
        List<Row> keys = db.list("SELECT k.key, k.created_at FROM tasker.tasks t"
                + " CROSS JOIN LATERAL (SELECT t.task_uuid AS key, t.created_at"
                + "   UNION ALL SELECT ws.workflow_step_uuid, ws.created_at FROM tasker.workflow_steps ws"
                + "    WHERE ws.task_uuid = t.task_uuid"
                + "   UNION ALL SELECT tt.task_transition_uuid, tt.created_at FROM tasker.task_transitions tt"
                + "    WHERE tt.task_uuid = t.task_uuid"
                + "   UNION ALL SELECT st.workflow_step_transition_uuid, st.created_at"
                + "    FROM tasker.workflow_step_transitions st JOIN tasker.workflow_steps ws"
                + "      ON ws.workflow_step_uuid = st.workflow_step_uuid WHERE ws.task_uuid = t.task_uuid) k"
                + " WHERE t.task_uuid IN ($1, $2)", row -> row, earlier, later);
        // 2 tasks, 4 steps, their first transitions, and the root steps' enqueue
        assertThat(keys).hasSizeGreaterThan(2 + 4 + 4 + 2).allSatisfy(row -> {
            UUID key = row.getUUID(0);
            assertThat(key.version()).as("version of %s", key).isEqualTo(7);
            assertThat(key.variant()).as("variant of %s", key).isEqualTo(2);
            long keyMs = key.getMostSignificantBits() >>> 16;
            assertThat(keyMs).as("timestamp of %s", key)
                    .isCloseTo(row.getOffsetDateTime(1).toInstant().toEpochMilli(), Offset.offset(1_000L));
        });
        List<UUID> stepsInCreationOrder = db.list("SELECT workflow_step_uuid FROM tasker.workflow_steps"
                + " WHERE task_uuid IN ($1, $2) ORDER BY created_at", row -> row.getUUID(0), earlier, later);
        assertThat(stepsInCreationOrder).isSorted();
    }

    @Test
    void batchWorkersAndTheirConvergenceGetEveryEdgeFromOneCall() {
        template("batch", """
                - name: prepare
                  handler: {callable: test_handler}
                - name: partition
                  type: batchable
                  dependencies: [prepare]
                  handler: {callable: test_handler}
                  batch_config: {worker_template: process, batch_size: 10}
                - name: process
                  type: batch_worker
                  dependencies: [partition]
                  handler: {callable: test_handler, initialization: {add: 5}}
                - name: aggregate
                  type: deferred_convergence
                  dependencies: [process]
                  handler: {callable: test_handler}
                """);
        UUID task = create("batch", "{}", null);
        assertThat(stepNamesInCreationOrder(task)).containsExactly("prepare", "partition");
        TaskTemplate template = template("batch");

        List<StepFactory.NewStep> created = new ArrayList<>();
        IntStream.rangeClosed(1, 12).forEach(i -> created.add(new StepFactory.NewStep("process_" + i, "process",
                Json.object("cursor", Json.object("batch_id", i), "is_no_op", false))));
        created.add(new StepFactory.NewStep("aggregate", "aggregate", null));
        int statements = db.transaction(tx -> {
            CountingSql counting = new CountingSql(tx);
            assertThat(StepFactory.create(counting, task, template, pins(task), created)).hasSize(13).doesNotHaveDuplicates();
            return counting.statements;
        });

        assertThat(statements).as("round trips (tasker.insert_steps)").isEqualTo(1);
        List<String> workers = IntStream.rangeClosed(1, 12).mapToObj(i -> "process_" + i).toList();
        List<String> expectedEdges = new ArrayList<>(List.of("prepare->partition"));
        workers.forEach(w -> expectedEdges.add("partition->" + w));
        workers.forEach(w -> expectedEdges.add(w + "->aggregate"));
        assertThat(edges(task)).containsExactlyInAnyOrderElementsOf(expectedEdges);
        List<String> order = new ArrayList<>(List.of("prepare", "partition"));
        order.addAll(workers);
        order.add("aggregate");
        assertThat(stepNamesInCreationOrder(task)).containsExactlyElementsOf(order);
        Row worker = db.first("SELECT * FROM tasker.workflow_steps WHERE task_uuid = $1 AND name = 'process_7'",
                row -> row, task).orElseThrow();
        assertThat(worker.getString("template_step_name")).isEqualTo("process");
        assertThat(worker.getString("step_type")).isEqualTo("batch_worker");
        assertThat(SqlJson.fromSql(worker.getValue("inputs")))
                .isEqualTo(Json.object("cursor", Json.object("batch_id", 7), "is_no_op", false));
        assertThat(SqlJson.fromSql(worker.getValue("config"))).isEqualTo(Json.object("add", 5));
        assertThat(db.first("SELECT count(*) FROM tasker.workflow_step_transitions t JOIN tasker.workflow_steps ws"
                        + " ON ws.workflow_step_uuid = t.workflow_step_uuid WHERE ws.task_uuid = $1 AND t.to_state = 'pending'",
                row -> row.getLong(0), task)).contains(15L);
    }

    @Test
    void aConvergenceCreatedWithOneBranchDependsOnlyOnTheBranchThatExists() {
        template("decision", """
                - name: route
                  type: decision
                  handler: {callable: test_handler}
                - name: left
                  dependencies: [route]
                  handler: {callable: test_handler}
                - name: right
                  dependencies: [route]
                  handler: {callable: test_handler}
                - name: join
                  type: deferred_convergence
                  dependencies: [left, right]
                  handler: {callable: test_handler}
                """);
        UUID task = create("decision", "{}", null);
        TaskTemplate template = template("decision");
        db.transact(tx -> StepFactory.create(tx, task, template, pins(task), List.of(
                new StepFactory.NewStep("left", "left", null), new StepFactory.NewStep("join", "join", null))));

        assertThat(edges(task)).containsExactlyInAnyOrder("route->left", "left->join");
        List<UUID> none = db.transaction(tx -> StepFactory.create(tx, task, template, pins(task), List.of()));
        assertThat(none).isEmpty();
    }

    @Test
    void pinnedCallablesResolveToTheirVersionAndPlainOnesToTheLiveVersionInOneQuery() throws Exception {
        String other = handlers.upload("creation_pinned", Wat2Wasm.parse(
                "(module (memory (export \"memory\") 1) (func (export \"_start\")))"), false, HandlerLimits.NONE).version().digest();
        handlers.upload("creation_pinned", TestModules.testHandler(), true, HandlerLimits.NONE);
        template("pinned", """
                - name: live
                  handler: {callable: creation_pinned}
                - name: pinned
                  dependencies: [live]
                  handler: {callable: "creation_pinned@%s"}
                - name: live_again
                  dependencies: [pinned]
                  handler: {callable: test_handler}
                """.formatted(other));
        UUID task = create("pinned", "{}", null);

        assertThat(pins(task)).isEqualTo(Json.object("live", liveDigest, "pinned", other, "live_again", liveDigest));
        assertThat(db.list("SELECT name, handler_name, handler_digest FROM tasker.workflow_steps WHERE task_uuid = $1",
                row -> row.getString(0) + " " + row.getString(1) + " " + row.getString(2), task))
                .containsExactlyInAnyOrder("live creation_pinned " + liveDigest, "pinned creation_pinned " + other,
                        "live_again test_handler " + liveDigest);

        handlers.upload("creation_dormant", TestModules.testHandler(), false, HandlerLimits.NONE);
        CountingSql counting = new CountingSql(db);
        Map<String, String> resolved = handlers.resolveAll(counting, List.of(
                spec("creation_pinned"), spec("creation_pinned@" + other), spec("creation_pinned"),
                spec("test_handler@" + other), spec("creation_dormant"), spec("never_deployed"),
                spec("creation_pinned@sha256:" + "0".repeat(64))));
        assertThat(counting.statements).isEqualTo(1);
        assertThat(resolved).containsOnly(entry("creation_pinned", liveDigest), entry("creation_pinned@" + other, other));
    }

    @Test
    void identicalCreatesRacingEachOtherMakeOneTaskAndRefuseTheRestNamingIt() throws Exception {
        template("race", """
                - name: first
                  handler: {callable: test_handler}
                - name: second
                  dependencies: [first]
                  handler: {callable: test_handler}
                """);
        assertOneWinner(i -> () -> create("race", "{\"same\": true}", null), "template and context");
        assertOneWinner(i -> () -> create("race", "{\"attempt\": " + i + "}", "race-key"), "idempotency key");
        assertThat(db.first("SELECT count(*) FROM tasker.tasks WHERE namespace = $1", row -> row.getLong(0), NAMESPACE))
                .contains(2L);
        assertThat(db.first("SELECT count(*) FROM tasker.workflow_steps ws JOIN tasker.tasks t USING (task_uuid)"
                + " WHERE t.namespace = $1", row -> row.getLong(0), NAMESPACE)).contains(4L);
        assertThat(db.first("SELECT count(*) FROM tasker.outbox o JOIN tasker.tasks t ON t.task_uuid = o.aggregate_uuid"
                + " WHERE t.namespace = $1 AND o.event_type = 'task.created'", row -> row.getLong(0), NAMESPACE)).contains(2L);
    }

    @Test
    void aDuplicateIsReportedBeforeUndeployedHandlers() {
        template("keyed", "- name: only\n  handler: {callable: test_handler}\n");
        template("ghostly", "- name: only\n  handler: {callable: creation_ghost}\n");
        UUID first = create("keyed", "{}", "ghost-key");

        assertThatThrownBy(() -> create("ghostly", "{}", "ghost-key")).isInstanceOfSatisfying(
                DuplicateTaskException.class, e -> assertThat(e.existingTaskUuid()).isEqualTo(first));
        assertThatThrownBy(() -> create("ghostly", "{}", null)).isInstanceOf(UndeployedHandlersException.class)
                .hasMessageContaining("creation_ghost");
        assertThatThrownBy(() -> create("keyed", "{}", null)).isInstanceOfSatisfying(
                DuplicateTaskException.class, e -> assertThat(e.existingTaskUuid()).isEqualTo(first));
    }

    /**
     * Migration V22 (group commit): creations that arrive while one is being written share the next transaction, and
     * in it a duplicate of a batch neighbour and a task with an undeployed handler are refused alone.
     */
    @Test
    void creationsArrivingDuringAWriteShareTheNextTransactionAndRefusalsFailAlone() throws Exception {
        template("grouped", "- name: only\n  handler: {callable: test_handler}\n");
        template("ghostly_group", "- name: only\n  handler: {callable: creation_ghost}\n");
        TaskCreator grouped = new TaskCreator(db, templates, handlers);
        List<Future<UUID>> batch = new ArrayList<>();
        Future<UUID> first;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             Connection lock = dataSource.getConnection(); Statement sql = lock.createStatement()) {
            lock.setAutoCommit(false);
            sql.execute("LOCK TABLE tasker.outbox IN EXCLUSIVE MODE"); // holds the first creation in its transaction
            first = threads.submit(() -> create(grouped, "grouped", "{\"n\": 0}", null));
            Await.until(() -> db.first("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            + " AND query LIKE '%create_tasks%'", row -> row.getLong(0)).orElseThrow() == 1,
                    WITHIN, "the first creation to wait for the outbox");
            List<Callable<UUID>> queued = List.of(
                    () -> create(grouped, "grouped", "{\"n\": 1}", null),
                    () -> create(grouped, "grouped", "{\"n\": 2}", null),
                    () -> create(grouped, "grouped", "{\"n\": 1}", null),
                    () -> create(grouped, "ghostly_group", "{}", null),
                    () -> create(grouped, "grouped", "{\"n\": 3}", null));
            for (Callable<UUID> creation : queued) {
                int before = grouped.queued();
                batch.add(threads.submit(creation));
                Await.until(() -> grouped.queued() == before + 1, WITHIN, "the creation to queue, in order");
            }
            lock.commit();
            first.get(20, TimeUnit.SECONDS);
            for (int i : List.of(0, 1, 4)) {
                batch.get(i).get(20, TimeUnit.SECONDS);
            }
        }
        grouped.close();
        UUID one = batch.get(0).get();
        assertThatThrownBy(() -> batch.get(2).get()).cause().isInstanceOfSatisfying(DuplicateTaskException.class,
                e -> assertThat(e.existingTaskUuid()).as("the batch neighbour").isEqualTo(one));
        assertThatThrownBy(() -> batch.get(3).get()).cause().isInstanceOf(UndeployedHandlersException.class)
                .hasMessageContaining("creation_ghost");
        List<UUID> created = List.of(one, batch.get(1).get(), batch.get(4).get());
        assertThat(db.list("SELECT DISTINCT xmin::text FROM tasker.tasks WHERE task_uuid = ANY ($1)",
                row -> row.getString(0), (Object) created.toArray(UUID[]::new))).as("one transaction").hasSize(1);
        assertThat(db.list("SELECT DISTINCT xmin::text FROM tasker.tasks WHERE task_uuid = ANY ($1)",
                row -> row.getString(0), (Object) new UUID[] {one, first.get()})).as("the first one's own").hasSize(2);
        for (UUID task : created) {
            assertThat(db.first("SELECT count(*) FROM tasker.outbox WHERE aggregate_uuid = $1 AND event_type = 'task.created'",
                    row -> row.getLong(0), task)).contains(1L);
            assertThat(db.list("SELECT t.to_state FROM tasker.workflow_steps ws JOIN tasker.workflow_step_transitions t"
                    + " ON t.workflow_step_uuid = ws.workflow_step_uuid AND t.most_recent WHERE ws.task_uuid = $1",
                    row -> row.getString(0), task)).as("its root step enqueued").containsExactly("enqueued");
        }
        assertThat(db.first("SELECT count(*) FROM tasker.tasks WHERE namespace = $1", row -> row.getLong(0), NAMESPACE))
                .as("nothing written for the refused two").contains(4L);
    }

    private void assertOneWinner(IntFunction<Callable<UUID>> create, String reason) throws Exception {
        int creators = 8;
        CyclicBarrier start = new CyclicBarrier(creators);
        List<UUID> created = new ArrayList<>();
        List<DuplicateTaskException> refused = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(creators)) {
            List<Future<UUID>> results = new ArrayList<>();
            for (int i = 0; i < creators; i++) {
                Callable<UUID> call = create.apply(i);
                results.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            for (Future<UUID> result : results) {
                try {
                    created.add(result.get());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(DuplicateTaskException.class);
                    refused.add((DuplicateTaskException) e.getCause());
                }
            }
        }
        assertThat(created).hasSize(1);
        assertThat(refused).hasSize(creators - 1).allSatisfy(e -> {
            assertThat(e.existingTaskUuid()).isEqualTo(created.get(0));
            assertThat(e).hasMessageContaining(reason);
        });
    }

    private static void template(String name, String steps) {
        TaskerApi.registerTemplate("name: %s\nnamespace_name: %s\nversion: 1.0.0\nsteps:\n%s"
                .formatted(name, NAMESPACE, steps.indent(2)));
    }

    private TaskTemplate template(String name) {
        return templates.find(NAMESPACE, name, null).orElseThrow().template();
    }

    private UUID create(String template, String context, String idempotencyKey) {
        return create(creator, template, context, idempotencyKey);
    }

    private static UUID create(TaskCreator creator, String template, String context, String idempotencyKey) {
        try {
            return creator.create(new TaskRequest(NAMESPACE, template, null, SqlJson.MAPPER.readTree(context),
                    idempotencyKey, null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode pins(UUID task) {
        return db.first("SELECT handler_pins FROM tasker.tasks WHERE task_uuid = $1",
                row -> SqlJson.fromSql(row.getValue(0)), task).orElseThrow();
    }

    private List<String> stepNamesInCreationOrder(UUID task) {
        return db.list("SELECT name FROM tasker.workflow_steps WHERE task_uuid = $1 ORDER BY created_at",
                row -> row.getString(0), task);
    }

    private List<String> edges(UUID task) {
        return db.list("SELECT p.name || '->' || c.name FROM tasker.workflow_step_edges e"
                + " JOIN tasker.workflow_steps p ON p.workflow_step_uuid = e.from_step_uuid"
                + " JOIN tasker.workflow_steps c ON c.workflow_step_uuid = e.to_step_uuid WHERE c.task_uuid = $1",
                row -> row.getString(0), task);
    }

    private static String chainStep(int i) {
        return "s%02d".formatted(i);
    }

    private static HandlerSpec spec(String callable) {
        return new HandlerSpec(callable, SqlJson.MAPPER.createObjectNode());
    }

    /** Counts the statements sent through it (one round trip each). */
    private static final class CountingSql implements SqlExecutor {
        private final SqlExecutor delegate;
        private int statements;

        CountingSql(SqlExecutor delegate) {
            this.delegate = delegate;
        }

        @Override
        public RowSet<Row> query(String sql, Object... params) {
            statements++;
            return delegate.query(sql, params);
        }

        @Override
        public void script(String sql) {
            statements++;
            delegate.script(sql);
        }
    }
}
