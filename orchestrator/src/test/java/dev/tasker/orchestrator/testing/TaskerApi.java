package dev.tasker.orchestrator.testing;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** REST calls of the orchestrator API (API.md §2) used by the end-to-end tests. */
public final class TaskerApi {

    private TaskerApi() {
    }

    /** Uploads a module as the live version of {@code name}; @return its digest */
    public static String deploy(String name, byte[] module) {
        return deploy(name, module, Map.of());
    }

    /**
     * Uploads a module as the live version of {@code name} with query parameters, e.g. the version's limits
     * {@code memory_mb} and {@code timeout_ms}; @return its digest
     */
    public static String deploy(String name, byte[] module, Map<String, ?> query) {
        return given().contentType("application/wasm").body(module).queryParams(query)
                .post("/v1/handlers/{name}/versions", name)
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)))
                .extract().path("digest");
    }

    /** Registers template YAML; expects 201 or 200. */
    public static void registerTemplate(String yaml) {
        given().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/v1/templates")
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
    }

    /** @return the response of {@code POST /v1/tasks} */
    public static Response postTask(String namespace, String name, String contextJson, String idempotencyKey) {
        String body = "{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\",\"context\":" + contextJson
                + (idempotencyKey == null ? "" : ",\"idempotency_key\":\"" + idempotencyKey + "\"") + "}";
        return given().contentType("application/json").body(body).post("/v1/tasks");
    }

    /** Creates a task; @return its uuid */
    public static UUID createTask(String namespace, String name, String contextJson) {
        return UUID.fromString(postTask(namespace, name, contextJson, null).then().statusCode(201)
                .extract().path("task_uuid"));
    }

    /** @return {@code GET /v1/tasks/{uuid}} */
    public static JsonPath task(UUID task) {
        return given().get("/v1/tasks/{task}", task).then().statusCode(200).extract().jsonPath();
    }

    /** Cancels a task ({@code POST /v1/tasks/{uuid}/cancel}); expects 200. @return the task JSON */
    public static JsonPath cancel(UUID task) {
        return given().post("/v1/tasks/{task}/cancel", task).then().statusCode(200).extract().jsonPath();
    }

    /** @return the current state of the named step */
    public static JsonPath step(UUID task, String step) {
        return given().get("/v1/tasks/{task}/steps/{step}", task, step).then().statusCode(200).extract().jsonPath();
    }

    /** @return the transitions {@code [{entity, step_name, from_state, to_state, ...}]} */
    public static List<java.util.Map<String, Object>> transitions(UUID task) {
        return given().get("/v1/tasks/{task}/transitions", task).then().statusCode(200).extract().jsonPath()
                .getList("transitions");
    }

    /**
     * Polls the task until its state is one of {@code states}.
     *
     * @return the task JSON in that state
     * @throws AssertionError when it does not get there within {@code within}, with the last state seen
     */
    public static JsonPath awaitTask(UUID task, Duration within, String... states) {
        return await(() -> task(task), json -> Arrays.asList(states).contains(json.getString("state")), within,
                "task " + task + " to reach " + Arrays.toString(states));
    }

    /** Polls a step until its state is {@code state}. */
    public static JsonPath awaitStep(UUID task, String step, String state, Duration within) {
        return await(() -> step(task, step), json -> state.equals(json.getString("state")), within,
                "step " + step + " of " + task + " to reach " + state);
    }

    private static JsonPath await(java.util.function.Supplier<JsonPath> read, java.util.function.Predicate<JsonPath> done,
                                  Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        JsonPath last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + last.prettify());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = read.get();
        }
        return last;
    }
}
