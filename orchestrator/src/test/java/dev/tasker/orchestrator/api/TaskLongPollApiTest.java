package dev.tasker.orchestrator.api;

import dev.tasker.orchestrator.db.Signal;
import dev.tasker.orchestrator.task.TaskCompletionWaiters;
import dev.tasker.orchestrator.testing.Await;
import dev.tasker.orchestrator.testing.TaskerApi;
import dev.tasker.orchestrator.testing.TestDatabase;
import dev.tasker.orchestrator.testing.TestModules;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.tasker.orchestrator.testing.TaskerApi.awaitTask;
import static dev.tasker.orchestrator.testing.TaskerApi.createTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The long-poll {@code GET /v1/tasks/{task_uuid}?wait_ms=} with the background consumers running (real WASM test
 * handler, real PostgreSQL, the {@code tasker_task_finished} NOTIFY of migration V7__task_moves). Time bounds are generous: they
 * tell "answered when the task finished" from "answered when the wait ran out", nothing finer.
 */
@QuarkusTest
class TaskLongPollApiTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** A step that fails once and asks for this delay before its retry, ms: its task cannot finish sooner. */
    private static final int SHORT_RETRY_MS = 1500;

    @Inject
    TaskCompletionWaiters waiters;

    @TestHTTPResource("/v1/tasks/")
    URI tasks;

    @BeforeEach
    void deployHandlerAndTemplates() {
        TaskerApi.deploy("test_handler", TestModules.testHandler());
        retryTemplate("finishes_after_a_retry", SHORT_RETRY_MS);
        // the retry is due in 10 minutes: the task stays in waiting_for_retry for the whole test
        retryTemplate("waits_ten_minutes", 600_000);
        TaskerApi.registerTemplate("""
                name: one_step
                namespace_name: longpoll
                version: 1.0.0
                steps:
                  - name: only
                    handler: {callable: test_handler}
                """);
    }

    private static void retryTemplate(String name, int retryAfterMs) {
        TaskerApi.registerTemplate("""
                name: %s
                namespace_name: longpoll
                version: 1.0.0
                steps:
                  - name: flaky
                    handler:
                      callable: test_handler
                      initialization: {fail_until_attempt: 2, retry_after_ms: %d}
                    retry: {max_attempts: 2, max_backoff_ms: %d}
                """.formatted(name, retryAfterMs, retryAfterMs));
    }

    /** @return a new task of the template (a fresh context each time: identical tasks are refused) */
    private static UUID newTask(String template) {
        return createTask("longpoll", template, "{\"run\": \"" + UUID.randomUUID() + "\"}");
    }

    /** A task parked in {@code waiting_for_retry} for ten minutes. */
    private static UUID parkedTask() {
        UUID task = newTask("waits_ten_minutes");
        awaitTask(task, WITHIN, "waiting_for_retry");
        return task;
    }

    private record Timed(JsonPath task, long millis) {
    }

    private static Timed longPoll(UUID task, long waitMs) {
        long started = System.nanoTime();
        JsonPath json = given().queryParam("wait_ms", waitMs).get("/v1/tasks/{task}", task)
                .then().statusCode(200).extract().jsonPath();
        return new Timed(json, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Test
    void aRunningTaskIsAnsweredWhenItCompletesNotWhenTheWaitEnds() {
        UUID task = newTask("finishes_after_a_retry");
        assertThat(TaskerApi.task(task).getString("state")).isNotIn("complete", "error", "cancelled", "resolved_manually");

        Timed answer = longPoll(task, 10_000);

        assertThat(answer.task().getString("state")).isEqualTo("complete");
        assertThat(answer.task().getString("completed_at")).isNotNull();
        assertThat(answer.task().getInt("step_counts.complete")).isEqualTo(1);
        assertThat(answer.millis()).isLessThan(8_000);
        assertThat(waiters.count()).isZero();
    }

    @Test
    void aTerminalTaskIsAnsweredAtOnce() {
        UUID task = newTask("one_step");
        awaitTask(task, WITHIN, "complete");

        Timed answer = longPoll(task, 60_000);

        assertThat(answer.task().getString("state")).isEqualTo("complete");
        assertThat(answer.millis()).isLessThan(30_000);
        assertThat(waiters.count()).isZero();
    }

    @Test
    void aTaskThatCannotFinishInTimeIsAnsweredAfterTheWaitInItsCurrentState() {
        UUID task = parkedTask();

        Timed answer = longPoll(task, 2_500);

        assertThat(answer.task().getString("state")).isEqualTo("waiting_for_retry");
        assertThat(answer.millis()).isBetween(2_500L, 30_000L);
        assertThat(waiters.count()).as("timed-out waiters leave the registry").isZero();
        TaskerApi.cancel(task);
    }

    @Test
    void waitMsOutOfRangeOrNotAnIntegerIsABadRequest() {
        UUID task = newTask("one_step");
        for (String bad : List.of("-1", "60001", "abc", "1.5")) {
            given().queryParam("wait_ms", bad).get("/v1/tasks/{task}", task).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://tasker.dev/problems/bad-request"))
                    .body("detail", allOf(containsString("wait_ms"), containsString("between 0 and 60000"),
                            containsString("'" + bad + "'")));
        }
        given().queryParam("wait_ms", 60_000).get("/v1/tasks/{task}", task).then().statusCode(200);
    }

    @Test
    void theOpenApiDocumentDescribesWaitMs() {
        JsonPath openApi = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        String waitMs = "paths.'/v1/tasks/{task_uuid}'.get.parameters.find { it.name == 'wait_ms' }";
        assertThat(openApi.getString(waitMs + ".in")).isEqualTo("query");
        assertThat(openApi.getString(waitMs + ".schema.type")).isEqualTo("integer");
        assertThat(openApi.getInt(waitMs + ".schema.minimum")).isZero();
        assertThat(openApi.getInt(waitMs + ".schema.maximum")).isEqualTo(60_000);
    }

    @Test
    void anUnknownTaskIsNotFoundWithoutWaiting() {
        long started = System.nanoTime();
        given().queryParam("wait_ms", 60_000).get("/v1/tasks/{task}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://tasker.dev/problems/not-found"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(30_000);
        assertThat(waiters.count()).isZero();
    }

    @Test
    void aCancelFromAnotherRequestWakesTheWaiter() throws Exception {
        UUID task = parkedTask();
        CompletableFuture<Timed> waiting = CompletableFuture.supplyAsync(() -> longPoll(task, 40_000));
        Await.until(() -> waiters.count() == 1, WITHIN, "the long-poll to register");

        TaskerApi.cancel(task);

        Timed answer = waiting.get(60, TimeUnit.SECONDS);
        assertThat(answer.task().getString("state")).isEqualTo("cancelled");
        assertThat(answer.millis()).isLessThan(35_000);
        assertThat(waiters.count()).isZero();
    }

    /**
     * The multi-instance case: the task is cancelled on another database connection by SQL, as another orchestrator
     * instance would: its step, then the task through {@code tasker.move_task}, in one transaction whose signals
     * are read before the commit and NOTIFYed after it (migration V11, {@code NotificationPublisher}). Only that
     * {@code tasker_task_finished} NOTIFY, relayed by PostgreSQL to this instance's LISTEN connection, completes a
     * registered waiter.
     */
    @Test
    void aTaskFinishedElsewhereInTheDatabaseNotifiesItsWaiters() throws Exception {
        UUID task = parkedTask();
        try (TaskCompletionWaiters.Waiter waiter = waiters.register(task);
             Connection other = TestDatabase.connect();
             PreparedStatement cancelStep = other.prepareStatement("SELECT tasker.transition_step(workflow_step_uuid,"
                     + " 'waiting_for_retry', 'cancelled', '{}'::jsonb) FROM tasker.workflow_steps WHERE task_uuid = ?");
             PreparedStatement cancelTask = other.prepareStatement(
                     "SELECT tasker.move_task(?, 'waiting_for_retry', 'cancelled', '{\"reason\": \"test\"}'::jsonb)")) {
            other.setAutoCommit(false);
            cancelStep.setObject(1, task);
            cancelTask.setObject(1, task);
            assertThat(applied(cancelStep)).isTrue();
            assertThat(applied(cancelTask)).isTrue();
            String signals;
            try (Statement read = other.createStatement();
                 ResultSet setting = read.executeQuery("SELECT current_setting('tasker.signals', true)")) {
                setting.next();
                signals = setting.getString(1);
            }
            other.commit();
            assertThat(Signal.parse(signals)).contains(new Signal(TaskCompletionWaiters.CHANNEL, task.toString()));
            other.setAutoCommit(true);
            for (Signal signal : Signal.parse(signals)) {
                try (PreparedStatement notify = other.prepareStatement("SELECT pg_notify(?, ?)")) {
                    notify.setString(1, signal.channel());
                    notify.setString(2, signal.payload());
                    notify.execute();
                }
            }
            waiter.finished().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertThat(TaskerApi.task(task).getString("state")).isEqualTo("cancelled");
        assertThat(waiters.count()).isZero();
    }

    private static boolean applied(PreparedStatement transition) throws SQLException {
        try (ResultSet result = transition.executeQuery()) {
            return result.next() && result.getBoolean(1) && !result.next();
        }
    }

    @Test
    void fiftyWaitersOnOneTaskAllAnswerAndLeaveTheRegistryEmpty() {
        UUID task = parkedTask();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(tasks.resolve(task + "?wait_ms=40000"))
                .timeout(Duration.ofSeconds(60)).GET().build();
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 50)
                .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
        Await.until(() -> waiters.count() == 50, WITHIN, "50 long-polls to register");
        // waiting holds no worker thread: once the first reads are done, no worker runs Tasker code
        Await.until(() -> workersRunningTaskerCode() == 0, WITHIN, "the worker threads to be released");

        TaskerApi.cancel(task);

        assertThat(answers).allSatisfy(answer -> {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new JsonPath(response.body()).getString("state")).isEqualTo("cancelled");
        });
        assertThat(waiters.count()).isZero();
    }

    /** @return Quarkus worker threads ({@code executor-thread-*}) with a Tasker class on their stack */
    private static long workersRunningTaskerCode() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("executor-thread"))
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().startsWith("dev.tasker.orchestrator.")))
                .count();
    }
}
