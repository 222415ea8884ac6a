package dev.tasker.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.output.Formats;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Client of the orchestrator REST API (API.md §2) over {@link HttpClient} (HTTP/1.1, JSON bodies).
 *
 * <p>Every call returns the parsed JSON body of a 2xx answer. Errors:
 * <ul>
 *   <li>no connection (refused, unknown host, timeout) → {@link CliException} with
 *       {@link ExitCode#SERVER_UNREACHABLE} telling the user to start the orchestrator;</li>
 *   <li>an error status → {@link ApiException} carrying the problem document.</li>
 * </ul>
 */
public final class OrchestratorClient {

    /** How long to wait for a TCP connection before calling the orchestrator unreachable. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for one answer (module uploads included), beyond a long-poll's wait. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Longest long-poll wait the orchestrator accepts ({@code wait_ms}). */
    public static final Duration MAX_TASK_WAIT = Duration.ofSeconds(60);

    private final URI baseUri;
    private final HttpClient http;

    /**
     * @param baseUri the orchestrator's base URL, e.g. {@code http://localhost:8080} (a trailing slash is ignored)
     * @throws CliException {@link ExitCode#USAGE} when the URL is not absolute http(s)
     */
    public OrchestratorClient(URI baseUri) {
        String scheme = baseUri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUri.getHost() == null) {
            throw new CliException(ExitCode.USAGE, "server URL '" + baseUri
                    + "' is not an http(s) URL: pass e.g. --server http://localhost:8080 or set TASKER_SERVER");
        }
        this.baseUri = URI.create(baseUri.toString().replaceAll("/+$", ""));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** @return the base URL without a trailing slash */
    public URI baseUri() {
        return baseUri;
    }

    // ---- health -------------------------------------------------------------------------------

    /**
     * @return true when {@code GET /q/health/ready} answers 200; false when it answers anything else or
     *         nothing answers (never throws)
     */
    public boolean isReady() {
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- handlers -----------------------------------------------------------------------------

    /**
     * {@code POST /v1/handlers/{name}/versions?activate=true[&memory_mb=][&timeout_ms=]}.
     *
     * @param name      handler name
     * @param module    module bytes
     * @param memoryMb  memory limit in MiB to store with a new version, or null (the orchestrator's default; for a
     *                  stored version: its stored limit)
     * @param timeoutMs time limit in ms to store with a new version, or null (likewise)
     * @return status 201 (new version, {@code created:true}) or 200 (same bytes already stored, {@code created:false});
     *         body {@code {name, digest, size_bytes, created_at, live, created, limits:{memory_mb, timeout_ms}}}
     */
    public ApiResponse uploadHandler(String name, byte[] module, Long memoryMb, Long timeoutMs) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("activate", true);
        query.put("memory_mb", memoryMb);
        query.put("timeout_ms", timeoutMs);
        HttpRequest.Builder request = request("/v1/handlers/" + segment(name) + "/versions" + query(query))
                .header("Content-Type", "application/wasm")
                .POST(HttpRequest.BodyPublishers.ofByteArray(module));
        return send(request, "POST /v1/handlers/" + name + "/versions");
    }

    /** @return {@code GET /v1/handlers}: {@code [{name, live_digest, version_count, updated_at, live_limits}]} */
    public JsonNode listHandlers() {
        return get("/v1/handlers");
    }

    /**
     * @return {@code GET /v1/handlers/{name}/versions}: {@code [{digest, size_bytes, created_at, live,
     *         limits:{memory_mb, timeout_ms}}]}, newest first
     */
    public JsonNode handlerVersions(String name) {
        return get("/v1/handlers/" + segment(name) + "/versions");
    }

    /** @return {@code PUT /v1/handlers/{name}/live} with {@code {digest}}: {@code {name, live_digest}} */
    public JsonNode setLiveVersion(String name, String digest) {
        ObjectNode body = Json.object().put("digest", digest);
        return sendJson("PUT", "/v1/handlers/" + segment(name) + "/live", body).body();
    }

    // ---- templates ----------------------------------------------------------------------------

    /**
     * {@code POST /v1/templates} with the YAML text.
     *
     * @return 201 (new) or 200 (identical template already stored); body
     *         {@code {namespace, name, version, key, step_count, steps}}
     */
    public ApiResponse applyTemplate(String yaml) {
        HttpRequest.Builder request = request("/v1/templates")
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8));
        return send(request, "POST /v1/templates");
    }

    /** @return {@code GET /v1/templates}: {@code [{namespace, name, version, key, step_count, description}]} */
    public JsonNode listTemplates() {
        return get("/v1/templates");
    }

    // ---- tasks and steps ----------------------------------------------------------------------

    /**
     * {@code POST /v1/tasks}.
     *
     * @param request {@code {namespace, name, version?, context, idempotency_key?, correlation_id?}}
     * @return the created task JSON
     */
    public JsonNode createTask(ObjectNode request) {
        return sendJson("POST", "/v1/tasks", request).body();
    }

    /** @return {@code GET /v1/tasks/{uuid}}: task JSON with {@code step_counts} and {@code steps} */
    public JsonNode getTask(UUID task) {
        return getTask(task, Duration.ZERO);
    }

    /**
     * Long-polls a task, {@code GET /v1/tasks/{uuid}?wait_ms=}: the orchestrator answers as soon as the task is
     * {@code complete}, {@code error}, {@code cancelled} or {@code resolved_manually}, or once {@code wait} has
     * passed with the task as it is then.
     *
     * @param wait how long the orchestrator may hold the answer; cut to {@link #MAX_TASK_WAIT}; zero answers at once
     * @return task JSON with {@code step_counts} and {@code steps}
     */
    public JsonNode getTask(UUID task, Duration wait) {
        long waitMs = Math.clamp(wait.toMillis(), 0, MAX_TASK_WAIT.toMillis());
        String path = "/v1/tasks/" + task + (waitMs > 0 ? "?wait_ms=" + waitMs : "");
        return send(request(path).timeout(REQUEST_TIMEOUT.plusMillis(waitMs)).GET(), "GET " + path).body();
    }

    /**
     * @return {@code GET /v1/tasks/{uuid}/transitions}: {@code {task_uuid, transitions: [{entity (task |
     *         workflow_step), step_uuid, step_name, from_state, to_state, metadata, sort_key, created_at}]}} in order
     */
    public JsonNode taskTransitions(UUID task) {
        return get("/v1/tasks/" + task + "/transitions");
    }

    /**
     * {@code GET /v1/tasks} with filters.
     *
     * @param filters query parameters ({@code namespace, name, state, limit, offset}); null values are left out
     * @return {@code {items, total, limit, offset}}
     */
    public JsonNode listTasks(Map<String, Object> filters) {
        return get("/v1/tasks" + query(filters));
    }

    /** @return {@code POST /v1/tasks/{uuid}/cancel}: the task JSON */
    public JsonNode cancelTask(UUID task) {
        return sendJson("POST", "/v1/tasks/" + task + "/cancel", null).body();
    }

    /**
     * {@code POST /v1/tasks/{task}/steps/{step}/{action}}.
     *
     * @param step   step uuid or name
     * @param action {@code reset_for_retry} or {@code resolve_manually}
     * @return the step JSON
     */
    public JsonNode stepAction(UUID task, String step, String action) {
        return sendJson("POST", "/v1/tasks/" + task + "/steps/" + segment(step) + "/" + action, null).body();
    }

    // ---- plumbing -----------------------------------------------------------------------------

    private JsonNode get(String pathAndQuery) {
        return send(request(pathAndQuery).GET(), "GET " + pathAndQuery).body();
    }

    private ApiResponse sendJson(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.compact(body), StandardCharsets.UTF_8);
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json").method(method, publisher);
        return send(request, method + " " + path);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
    }

    private ApiResponse send(HttpRequest.Builder builder, String description) {
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERNAL_ERROR, "interrupted while waiting for " + description, e);
        }
        JsonNode body = parseBody(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(description, response.statusCode(), body.isObject() ? body
                    : Json.object().put("detail", Formats.cut(response.body().strip(), 300)));
        }
        return new ApiResponse(response.statusCode(), body);
    }

    private CliException unreachable(IOException e) {
        String why;
        if (e instanceof java.net.ConnectException) {
            why = "connection refused";
        } else if (e instanceof java.net.http.HttpTimeoutException) {
            why = "no answer within " + (e instanceof java.net.http.HttpConnectTimeoutException
                    ? CONNECT_TIMEOUT.toSeconds() : REQUEST_TIMEOUT.toSeconds()) + " s";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new CliException(ExitCode.SERVER_UNREACHABLE, "cannot reach the orchestrator at " + baseUri + " (" + why
                + "): start it with ./tasker server, or point --server / TASKER_SERVER at a running orchestrator", e);
    }

    private static JsonNode parseBody(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(Map<String, Object> parameters) {
        StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((key, value) -> {
            if (value != null) {
                joiner.add(key + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        });
        return joiner.toString();
    }
}
