package dev.tasker.loadtests.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tasker.loadtests.client.OrchestratorClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskStatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    /**
     * Serves {@code GET /v1/tasks/{uuid}} answering the given states in turn (a stand-in for the orchestrator that
     * records each request's query string).
     *
     * @return a client of it
     */
    private OrchestratorClient serving(String... states) throws IOException {
        Iterator<String> next = List.of(states).iterator();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/tasks/", exchange -> {
            queries.add(String.valueOf(exchange.getRequestURI().getQuery()));
            paths.add(exchange.getRequestURI().getPath());
            byte[] body = ("{\"state\": \"" + next.next() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new OrchestratorClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void awaitCompleteLongPollsWithTheTimeLeftCappedAtTheMaximum() throws Exception {
        OrchestratorClient client = serving("steps_in_process", "waiting_for_retry", "complete");

        JsonNode task = TaskStates.awaitComplete(client, UUID.randomUUID(), Duration.ofSeconds(90));

        assertThat(task.path("state").asText()).isEqualTo("complete");
        assertThat(queries).hasSize(3).allSatisfy(query -> {
            assertThat(query).matches("wait_ms=\\d+");
            assertThat(Long.parseLong(query.substring("wait_ms=".length()))).isBetween(1L, 60_000L);
        });
        assertThat(queries.getFirst()).isEqualTo("wait_ms=60000");
    }

    @Test
    void awaitAllLongPollsEveryTaskInCreationOrderUntilEachIsComplete() throws Exception {
        OrchestratorClient client = serving("complete", "steps_in_process", "complete", "complete");
        UUID[] tasks = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};

        CompletionWaiter.awaitAll(client, tasks, Duration.ofSeconds(30));

        assertThat(paths).containsExactly("/v1/tasks/" + tasks[0], "/v1/tasks/" + tasks[1], "/v1/tasks/" + tasks[1],
                "/v1/tasks/" + tasks[2]);
        assertThat(queries).allSatisfy(query -> assertThat(query).startsWith("wait_ms="));
    }

    @Test
    void awaitAllSaysHowManyTasksWereCompleteWhenOneEndsInError() throws Exception {
        OrchestratorClient client = serving("complete", "error");
        UUID failed = UUID.randomUUID();

        assertThatThrownBy(() -> CompletionWaiter.awaitAll(client, new UUID[] {UUID.randomUUID(), failed,
                UUID.randomUUID()}, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 of 3 tasks complete").hasMessageContaining("task " + failed)
                .hasMessageContaining("ended in state error");
        assertThat(paths).hasSize(2);
    }

    @Test
    void awaitCompleteAsksForNoMoreThanTheTimeoutAndFailsOnAnotherTerminalState() throws Exception {
        OrchestratorClient client = serving("error");

        assertThatThrownBy(() -> TaskStates.awaitComplete(client, UUID.randomUUID(), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ended in state error");
        assertThat(queries).singleElement().satisfies(query ->
                assertThat(Long.parseLong(query.substring("wait_ms=".length()))).isBetween(1L, 5_000L));
    }

    @Test
    void serverLatencyFromIsoTimestampsWithOffsets() throws Exception {
        JsonNode task = JSON.readTree("""
                {"created_at": "2026-11-02T10:15:30.123456Z", "completed_at": "2026-11-02T11:15:30.150456+01:00"}""");

        assertThat(TaskStates.serverLatency(task)).isEqualTo(Duration.ofNanos(27_000_000));
    }

    @Test
    void numericTimestampsAreEpochSeconds() throws Exception {
        JsonNode task = JSON.readTree("{\"created_at\": 1793614530.250000000}");

        assertThat(TaskStates.instant(task, "created_at")).isEqualTo(Instant.ofEpochSecond(1793614530L, 250_000_000));
    }

    @Test
    void missingOrMalformedTimestampNamesTheField() throws Exception {
        JsonNode task = JSON.readTree("{\"created_at\": \"yesterday\", \"completed_at\": null}");

        assertThatThrownBy(() -> TaskStates.instant(task, "created_at"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'created_at'");
        assertThatThrownBy(() -> TaskStates.instant(task, "completed_at"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'completed_at'");
    }
}
