package dev.tasker.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.RuntimeConfig;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.contract.ErrorTypes;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The WAT test handler used by the orchestrator's tests does what its header says (run on handler-runtime). */
class TestHandlerFixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HandlerRuntime runtime;
    private static LoadedHandler handler;

    @BeforeAll
    static void load() throws Exception {
        runtime = new HandlerRuntime(RuntimeConfig.defaults().withMaxConcurrency(2));
        handler = runtime.load(TestModules.testHandler());
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    private static StepResult run(String context, String config, int attempt, Map<String, JsonNode> deps) throws Exception {
        return run(context, config, attempt, deps, null);
    }

    private static StepResult run(String context, String config, int attempt, Map<String, JsonNode> deps, String inputs)
            throws Exception {
        StepInvocation invocation = new StepInvocation(1,
                new StepInvocation.TaskInfo(UUID.randomUUID(), "ns", "t", "1.0.0", JSON.readTree(context), "c"),
                new StepInvocation.StepInfo(UUID.randomUUID(), "s", attempt, 3, inputs == null ? null : JSON.readTree(inputs), null),
                JSON.readTree(config), deps);
        ExecutionOutcome outcome = runtime.execute(handler, invocation,
                RuntimeLimits.defaults().withTimeout(Duration.ofSeconds(2)));
        return outcome.result();
    }

    @Test
    void sumsSeedAddAndEveryDependencyValue() throws Exception {
        StepResult result = run("{\"seed\": 5, \"other\": {\"value_x\": 1}}", "{\"add\": 10}", 1,
                Map.of("a", JSON.readTree("{\"value\": 6, \"attempt\": 1}"), "b", JSON.readTree("{\"value\": -21}")));
        assertThat(result).isInstanceOf(StepResult.Success.class);
        StepResult.Success success = (StepResult.Success) result;
        assertThat(success.result()).isEqualTo(JSON.readTree("{\"value\": 0, \"attempt\": 1}"));
        assertThat(success.events()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("value_computed");
            assertThat(e.payload().get("value").asLong()).isZero();
        });
    }

    @Test
    void addsTheEndCursorOfItsBatchInputs() throws Exception {
        StepResult result = run("{\"seed\": 1}", "{}", 1, Map.of(),
                "{\"cursor\": {\"batch_id\": 2, \"start_cursor\": 10, \"end_cursor\": 20}, \"is_no_op\": false}");
        assertThat(((StepResult.Success) result).result().get("value").asLong()).isEqualTo(21);
    }

    @Test
    void returnsDecisionOutcomes() throws Exception {
        StepResult.Success chosen = (StepResult.Success) run("{}", "{\"decide\": true, \"branches\": [\"left\", \"right\"]}",
                1, Map.of());
        assertThat(chosen.decisionPointOutcome())
                .isEqualTo(JSON.readTree("{\"type\": \"create_steps\", \"step_names\": [\"left\", \"right\"]}"));
        StepResult.Success none = (StepResult.Success) run("{}", "{\"decide\": true}", 1, Map.of());
        assertThat(none.decisionPointOutcome()).isEqualTo(JSON.readTree("{\"type\": \"no_branches\"}"));
    }

    @Test
    void returnsBatchOutcomes() throws Exception {
        StepResult raw = run("{}", "{\"batches\": 2, \"worker\": \"process\", \"batch_size\": 10}", 1, Map.of());
        assertThat(raw).as(String.valueOf(raw)).isInstanceOf(StepResult.Success.class);
        StepResult.Success batches = (StepResult.Success) raw;
        assertThat(batches.batchProcessingOutcome()).isEqualTo(JSON.readTree("""
                {"type": "create_batches", "worker_template_name": "process", "worker_count": 2,
                 "cursor_configs": [{"batch_id": "001", "start_cursor": 0, "end_cursor": 10, "batch_size": 10},
                                    {"batch_id": "002", "start_cursor": 10, "end_cursor": 20, "batch_size": 10}],
                 "total_items": 20}"""));
        StepResult.Success none = (StepResult.Success) run("{}", "{\"batches\": 0}", 1, Map.of());
        assertThat(none.batchProcessingOutcome()).isEqualTo(JSON.readTree("{\"type\": \"no_batches\"}"));
    }

    @Test
    void failsRetryablyUntilTheConfiguredAttempt() throws Exception {
        StepResult first = run("{}", "{\"fail_until_attempt\": 3, \"retry_after_ms\": 25}", 2, Map.of());
        assertThat(first).isInstanceOf(StepResult.Failure.class);
        StepResult.StepError error = ((StepResult.Failure) first).error();
        assertThat(error.retryable()).isTrue();
        assertThat(error.errorType()).isEqualTo("test_transient");
        assertThat(error.retryAfterMs()).isEqualTo(25L);
        assertThat(error.message()).isEqualTo("transient failure on attempt 2");

        StepResult third = run("{\"seed\": 7}", "{\"fail_until_attempt\": 3}", 3, Map.of());
        assertThat(((StepResult.Success) third).result()).isEqualTo(JSON.readTree("{\"value\": 7, \"attempt\": 3}"));
    }

    @Test
    void failsPermanentlyWhenConfigured() throws Exception {
        StepResult result = run("{}", "{\"fail_permanently\": true}", 1, Map.of());
        StepResult.StepError error = ((StepResult.Failure) result).error();
        assertThat(error.retryable()).isFalse();
        assertThat(error.errorType()).isEqualTo("test_permanent");
        assertThat(error.retryAfterMs()).isNull();
    }

    @Test
    void spinsUntilTheHostTimesItOut() throws Exception {
        ObjectNode config = JSON.createObjectNode().put("spin", true);
        StepResult result = run("{}", config.toString(), 1, Map.of());
        assertThat(((StepResult.Failure) result).error().errorType()).isEqualTo(ErrorTypes.HANDLER_TIMEOUT);
    }
}
