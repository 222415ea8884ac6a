package dev.tasker.orchestrator.workflow;

import dev.tasker.orchestrator.testing.TaskerApi;
import dev.tasker.orchestrator.testing.TestModules;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.tasker.orchestrator.testing.TaskerApi.awaitTask;
import static dev.tasker.orchestrator.testing.TaskerApi.createTask;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits stored with a handler version apply when its steps run (real WASM modules, real PostgreSQL, background
 * consumers): the version's {@code timeout_ms} replaces the orchestrator's 30 s default, a template step's
 * {@code timeout_seconds} overrides the version's, and the version's {@code memory_mb} caps linear memory.
 */
@QuarkusTest
class HandlerLimitsEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    /** Registers a one-step template {@code name} in namespace {@code limits} and runs a task of it to the end. */
    private static JsonPath runOneStep(String name, String step) {
        TaskerApi.registerTemplate("""
                name: %s
                namespace_name: limits
                version: 1.0.0
                steps:
                %s""".formatted(name, step.indent(2)));
        UUID task = createTask("limits", name, "{}");
        awaitTask(task, WITHIN, "complete", "error");
        return TaskerApi.step(task, "only");
    }

    /**
     * Deploys the test handler as {@code handler} with {@code timeout_ms} 500 and runs one attempt of a step that spins.
     *
     * @param stepTimeout the step's {@code timeout_seconds} line, or an empty string for none
     */
    private static JsonPath spinUnderA500MsVersion(String handler, String stepTimeout) {
        TaskerApi.deploy(handler, TestModules.testHandler(), Map.of("timeout_ms", 500));
        JsonPath step = runOneStep(handler, """
                - name: only
                  handler: {callable: %s, initialization: {spin: true}}
                  retry: {max_attempts: 1}
                %s""".formatted(handler, stepTimeout));
        assertThat(step.getString("state")).isEqualTo("error");
        assertThat(step.getString("error.error_type")).isEqualTo("handler_timeout");
        return step;
    }

    @Test
    void aVersionsTimeoutStopsASpinningHandlerInsteadOfTheDefault() {
        JsonPath step = spinUnderA500MsVersion("limits_spin_500ms", "");
        assertThat(step.getString("error.message")).contains("timeout of 500 ms");
        // stopped at its own 500 ms, not the orchestrator's 30 s default
        assertThat(step.getLong("execution_time_ms")).isGreaterThanOrEqualTo(500L).isLessThan(30_000L);
    }

    @Test
    void aTemplateStepsTimeoutOverridesTheVersionsTimeout() {
        JsonPath step = spinUnderA500MsVersion("limits_spin_override", "  timeout_seconds: 1");
        assertThat(step.getString("error.message")).contains("timeout of 1000 ms");
        assertThat(step.getLong("execution_time_ms")).isGreaterThanOrEqualTo(1000L);
    }

    @Test
    void aVersionsMemoryLimitFailsAHandlerThatGrowsPastIt() {
        byte[] grow = TestModules.compile("grow_memory.wat");
        TaskerApi.deploy("limits_grow_default", grow);
        TaskerApi.deploy("limits_grow_1mib", grow, Map.of("memory_mb", 1));

        JsonPath roomy = runOneStep("grow_default", """
                - name: only
                  handler: {callable: limits_grow_default}
                """);
        assertThat(roomy.getString("state")).isEqualTo("complete");
        assertThat(roomy.getInt("result.grown_pages")).isEqualTo(32);

        JsonPath capped = runOneStep("grow_capped", """
                - name: only
                  handler: {callable: limits_grow_1mib}
                """);
        assertThat(capped.getString("state")).isEqualTo("error");
        assertThat(capped.getString("error.error_type")).isEqualTo("memory_limit_exceeded");
        assertThat(capped.getString("error.message")).contains("limit of 16 pages");
        assertThat(capped.getBoolean("error.retryable")).isFalse();
    }
}
