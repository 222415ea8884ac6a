package dev.tasker.orchestrator.api;

import dev.tasker.orchestrator.metrics.QueueDepthMetrics;
import dev.tasker.orchestrator.testing.TaskerApi;
import dev.tasker.orchestrator.testing.TestModules;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Health, OpenAPI and Prometheus metrics. */
@QuarkusTest
class OperationsApiTest {

    @Inject
    QueueDepthMetrics queueDepth;

    @Test
    void healthIsUpWithTheDatabase() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem("Reactive PostgreSQL connections health check"));
    }

    @Test
    void malformedRequestsGetProblemDocuments() {
        given().contentType("application/json").body("{not json").post("/v1/tasks").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400));
        given().contentType("application/json").body("{}").post("/v1/tasks").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("https://tasker.dev/problems/bad-request"));
        given().get("/v1/tasks/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().get("/v1/tasks?limit=0").then().statusCode(400).contentType("application/problem+json");
        given().get("/v1/tasks?state=sleeping").then().statusCode(400).body("detail", containsString("sleeping"));
        given().contentType("application/json").body("{}").post("/v1/templates").then().statusCode(415)
                .contentType("application/problem+json");
        given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void domainErrorsGetTheirProblemTypes() {
        given().get("/v1/tasks/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://tasker.dev/problems/not-found"))
                .body("title", equalTo("Not found"));
        given().contentType("application/json").body("{\"digest\": \"sha256:" + "0".repeat(64) + "\"}")
                .put("/v1/handlers/no_such_handler/live").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://tasker.dev/problems/unknown-handler"))
                .body("title", equalTo("Handler not found"))
                .body("detail", containsString("no_such_handler"))
                .body("instance", equalTo("/v1/handlers/no_such_handler/live"));
        given().contentType("application/json").body("{}").put("/v1/handlers/no_such_handler/live").then().statusCode(400)
                .body("title", equalTo("Bad request")).body("detail", containsString("digest"));
    }

    @Test
    void openApiDescribesTheRestApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/tasks"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/handlers/{name}/versions"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/templates"));
    }

    @Test
    void prometheusMetricsCoverStepsLatencyAndQueueDepth() {
        TaskerApi.deploy("test_handler", TestModules.testHandler());
        TaskerApi.registerTemplate("""
                name: metered
                namespace_name: ops
                version: 1.0.0
                steps:
                  - name: only
                    handler: {callable: test_handler}
                """);
        UUID task = TaskerApi.createTask("ops", "metered", "{\"seed\": 1}");
        TaskerApi.awaitTask(task, Duration.ofSeconds(30), "complete");
        queueDepth.refresh();

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tasker_steps_executed_total{handler=\"test_handler\",namespace=\"ops\",outcome=\"success\"}"))
                .body(containsString("tasker_step_latency_seconds_count{handler=\"test_handler\",namespace=\"ops\"}"))
                .body(containsString("tasker_step_latency_seconds_bucket"))
                .body(containsString("tasker_queue_depth{queue=\"worker_ops_queue\"} 0.0"))
                .body(containsString("tasker_queue_depth{queue=\"orchestration_step_results\"}"))
                // the LISTEN connection received the NOTIFY sent with the step message
                .body(containsString("tasker_queue_notifications_total{queue=\"worker_ops_queue\"}"));
    }
}
