package dev.tasker.loadtests.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The subset of the orchestrator REST API (API.md §2) the benchmarks use, over HTTP/1.1 keep-alive connections.
 * Thread-safe. Every method throws {@link OrchestratorApiException} on an unexpected status or a transport failure.
 */
public final class OrchestratorClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Longest {@code wait_ms} the orchestrator accepts. */
    public static final long MAX_WAIT_MS = 60_000;

    private final URI baseUri;
    private final HttpClient http;

    /** @param baseUri the orchestrator's base URI, e.g. {@code http://localhost:8080} */
    public OrchestratorClient(URI baseUri) {
        this.baseUri = baseUri;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** @return the base URI this client talks to */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Stores a module as a new version of a handler and makes it live
     * ({@code POST /v1/handlers/{name}/versions?activate=true}).
     *
     * @param name   handler name
     * @param module WASM module bytes
     * @return the answer {@code {name, digest, size_bytes, created_at, live, created}}
     */
    public JsonNode deployHandler(String name, byte[] module) {
        String path = "/v1/handlers/" + name + "/versions?activate=true";
        return send("POST " + path, request(path).header("Content-Type", "application/wasm")
                .POST(HttpRequest.BodyPublishers.ofByteArray(module)), Set.of(200, 201));
    }

    /**
     * Registers a task template ({@code POST /v1/templates}); an identical template already registered is fine.
     *
     * @param yaml template YAML
     * @return the answer {@code {namespace, name, version, key, step_count, steps}}
     */
    public JsonNode registerTemplate(String yaml) {
        return send("POST /v1/templates", request("/v1/templates").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)), Set.of(200, 201));
    }

    /**
     * Creates a task of the template's latest version ({@code POST /v1/tasks}).
     *
     * @param namespace template namespace
     * @param name      template name
     * @param context   task context; must differ between tasks (the identity hash rejects duplicates with 409)
     * @return the new task's uuid
     */
    public UUID createTask(String namespace, String name, JsonNode context) {
        ObjectNode body = JSON.createObjectNode().put("namespace", namespace).put("name", name);
        body.set("context", context);
        JsonNode task = send("POST /v1/tasks", request("/v1/tasks").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), Set.of(201));
        return UUID.fromString(task.path("task_uuid").asText());
    }

    /**
     * @param taskUuid a task
     * @return the task JSON ({@code GET /v1/tasks/{uuid}}): {@code state}, {@code created_at}, {@code completed_at},
     * {@code step_counts}, {@code steps}...
     */
    public JsonNode task(UUID taskUuid) {
        return task(taskUuid, 0);
    }

    /**
     * Long-polls a task ({@code GET /v1/tasks/{uuid}?wait_ms=}): the orchestrator answers as soon as the task is in a
     * terminal state, or after {@code waitMs} with its state then.
     *
     * @param taskUuid a task
     * @param waitMs   how long the orchestrator may hold the answer, 0..{@value #MAX_WAIT_MS} ms; 0 answers at once
     * @return the task JSON, as for {@link #task(UUID)}
     * @throws IllegalArgumentException when {@code waitMs} is out of range
     */
    public JsonNode task(UUID taskUuid, long waitMs) {
        if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
            throw new IllegalArgumentException("waitMs must be 0.." + MAX_WAIT_MS + ", got " + waitMs);
        }
        String path = "/v1/tasks/" + taskUuid + (waitMs > 0 ? "?wait_ms=" + waitMs : "");
        return send("GET " + path, request(path).timeout(REQUEST_TIMEOUT.plusMillis(waitMs)).GET(), Set.of(200));
    }

    /**
     * @param taskUuid a task
     * @return the task's and its steps' transitions in recorded order ({@code GET /v1/tasks/{uuid}/transitions}):
     * {@code {task_uuid, transitions: [{entity, step_uuid, step_name, from_state, to_state, metadata, sort_key,
     * created_at}]}}
     */
    public JsonNode transitions(UUID taskUuid) {
        String path = "/v1/tasks/" + taskUuid + "/transitions";
        return send("GET " + path, request(path).GET(), Set.of(200));
    }

    /**
     * Counts tasks of a template in a state, from the {@code total} of {@code GET /v1/tasks?...&limit=1}.
     *
     * @param namespace template namespace
     * @param name      template name
     * @param state     task state, e.g. {@code complete}
     * @return the number of such tasks
     */
    public long countTasks(String namespace, String name, String state) {
        String path = "/v1/tasks?namespace=" + query(namespace) + "&name=" + query(name) + "&state=" + query(state)
                + "&limit=1&offset=0";
        return send("GET " + path, request(path).GET(), Set.of(200)).path("total").asLong();
    }

    /**
     * Sums the orchestrator's {@code tasker_steps_executed_total} counter (handler executions, every outcome) for a
     * namespace, from the Prometheus text at {@code /q/metrics}.
     *
     * @param namespace the namespace label to match
     * @return the number of handler executions this instance performed, or empty when it exports no such counter
     */
    public OptionalLong stepsExecuted(String namespace) {
        String metrics = sendForText("GET /q/metrics", request("/q/metrics").setHeader("Accept", "text/plain").GET());
        String label = "namespace=\"" + namespace + "\"";
        boolean found = false;
        double sum = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("tasker_steps_executed_total{") && line.contains(label)) {
                found = true;
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return found ? OptionalLong.of(Math.round(sum)) : OptionalLong.empty();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUri.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
    }

    private String sendForText(String description, HttpRequest.Builder request) {
        return exchange(description, request, Set.of(200)).body();
    }

    private HttpResponse<String> exchange(String description, HttpRequest.Builder request, Set<Integer> expected) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OrchestratorApiException(description, 0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrchestratorApiException(description, 0, "interrupted");
        }
        if (!expected.contains(response.statusCode())) {
            throw new OrchestratorApiException(description, response.statusCode(), response.body());
        }
        return response;
    }

    private JsonNode send(String description, HttpRequest.Builder request, Set<Integer> expected) {
        HttpResponse<String> response = exchange(description, request, expected);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new OrchestratorApiException(description, response.statusCode(),
                    "response is not JSON (" + e.getMessage() + "): " + response.body());
        }
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
