package dev.tasker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.ErrorTypes;
import dev.tasker.runtime.contract.InvalidStepResultException;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the published JSON Schemas ({@code docs/schemas}, on the class path under
 * {@code /tasker/schemas}) against payloads produced by real modules and by the host, and checks that
 * the schema and {@link ContractJson#readResult} agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSchema invocationSchema;
    private JsonSchema resultSchema;
    private HandlerRuntime runtime;

    @BeforeAll
    void setUp() throws Exception {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        invocationSchema = load(factory, "step-invocation.schema.json");
        resultSchema = load(factory, "step-result.schema.json");
        runtime = new HandlerRuntime(RuntimeConfig.defaults().withMaxConcurrency(2));
    }

    @AfterAll
    void tearDown() {
        runtime.close();
    }

    @Test
    void invocationsWrittenByTheHostMatchTheSchema() throws Exception {
        assertValid(invocationSchema, JSON.readTree(ContractJson.writeInvocation(Fixtures.invocation(3))));
        StepInvocation sparse = new StepInvocation(1,
                new StepInvocation.TaskInfo(UUID.randomUUID(), "ns", "t", "1", null, null),
                new StepInvocation.StepInfo(UUID.randomUUID(), "s", 1, 1, null, null), null, null);
        assertValid(invocationSchema, JSON.readTree(ContractJson.writeInvocation(sparse)));
    }

    @Test
    void theSchemaRejectsAnInvocationWithoutItsTask() throws Exception {
        JsonNode json = JSON.readTree(ContractJson.writeInvocation(Fixtures.invocation(3)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove("task");
        assertThat(invocationSchema.validate(json)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "exit_with_failure_result"})
    void rawStdoutOfRealHandlersMatchesTheSchema(String fixture) throws Exception {
        LoadedHandler handler = runtime.load(Fixtures.wasm(fixture));
        byte[] stdin = ContractJson.writeInvocation(Fixtures.invocation(5));

        GuestRun.Report report = GuestRun.run(handler, stdin, runtime.config().limits(), System.nanoTime());

        assertValid(resultSchema, JSON.readTree(report.stdout()));
    }

    @Test
    void aHandlerDeclaredFailureOnRawStdoutMatchesTheSchema() throws Exception {
        LoadedHandler echo = runtime.load(Fixtures.wasm("echo"));
        byte[] stdin = "{\"contract_version\":1}".getBytes(StandardCharsets.UTF_8);

        GuestRun.Report report = GuestRun.run(echo, stdin, runtime.config().limits(), System.nanoTime());

        JsonNode stdout = JSON.readTree(report.stdout());
        assertThat(stdout.at("/error/error_type").asText()).isEqualTo("validation_error");
        assertValid(resultSchema, stdout);
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "loop_forever", "grow_memory_forever", "trap", "recurse_forever", "flood_stdout",
        "flood_stderr", "exit_nonzero", "exit_with_failure_result", "print_garbage"})
    void everyResultTheHostReturnsMatchesTheSchema(String fixture) throws Exception {
        RuntimeLimits limits = runtime.config().limits().withTimeout(Duration.ofMillis(300)).withMaxMemoryPages(16)
                .withMaxStdoutBytes(10_000).withMaxStderrBytes(10_000);

        ExecutionOutcome outcome = runtime.execute(runtime.load(Fixtures.wasm(fixture)), Fixtures.invocation(9), limits);

        JsonNode json = ContractJson.toJson(outcome.result());
        assertValid(resultSchema, json);
        for (String key : ErrorTypes.HOST_OWNED_METADATA) {
            assertThat(json.get("metadata").has(key)).as(key).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"success\": true, \"result\": {\"n\": 1}, \"decision_point_outcome\": {\"type\": \"create_steps\", \"step_names\": [\"a\"]}}",
        "{\"success\": true, \"result\": null, \"decision_point_outcome\": {\"type\": \"no_branches\"}, \"metadata\": null}",
        "{\"success\": true, \"result\": 1, \"batch_processing_outcome\": {\"type\": \"create_batches\", \"worker_template_name\": \"w\", \"worker_count\": 2, \"total_items\": 150, \"cursor_configs\": [{\"batch_id\": \"001\", \"start_cursor\": 0, \"end_cursor\": 100, \"batch_size\": 100}, {\"batch_id\": \"002\", \"start_cursor\": 100, \"end_cursor\": 150, \"batch_size\": 50}]}}",
        "{\"success\": true, \"result\": [], \"events\": [{\"name\": \"e\", \"payload\": {\"x\": 1}}], \"extra\": 1}",
        "{\"success\": false, \"error\": {\"message\": \"m\", \"error_type\": \"t\", \"retryable\": true, \"error_code\": null, \"retry_after_ms\": 10}}"
    })
    void schemaAndReaderAcceptTheSameValidResults(String wire) throws Exception {
        JsonNode json = JSON.readTree(wire);
        assertValid(resultSchema, json);
        StepResult result = ContractJson.readResult(json);
        assertValid(resultSchema, ContractJson.toJson(result));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]",
        "{}",
        "{\"success\": true}",
        "{\"success\": \"true\", \"result\": 1}",
        "{\"success\": true, \"result\": 1, \"metadata\": 3}",
        "{\"success\": true, \"result\": 1, \"events\": [{\"payload\": 1}]}",
        "{\"success\": true, \"result\": 1, \"decision_point_outcome\": {\"type\": \"create_steps\"}}",
        "{\"success\": true, \"result\": 1, \"batch_processing_outcome\": {\"type\": \"create_batches\", \"worker_count\": 1}}",
        "{\"success\": false, \"result\": 1}",
        "{\"success\": false, \"error\": {\"message\": \"m\", \"error_type\": \"t\"}}",
        "{\"success\": false, \"error\": {\"message\": \"m\", \"error_type\": \"t\", \"retryable\": true, \"retry_after_ms\": -1}}"
    })
    void schemaAndReaderRejectTheSameInvalidResults(String wire) throws Exception {
        JsonNode json = JSON.readTree(wire);
        assertThat(resultSchema.validate(json)).as("schema errors for %s", wire).isNotEmpty();
        assertThatThrownBy(() -> ContractJson.readResult(json)).isInstanceOf(InvalidStepResultException.class);
    }

    private static JsonSchema load(JsonSchemaFactory factory, String name) throws Exception {
        try (InputStream in = ContractSchemaTest.class.getResourceAsStream("/tasker/schemas/" + name)) {
            assertThat(in).as("schema %s on the class path", name).isNotNull();
            return factory.getSchema(in);
        }
    }

    private static void assertValid(JsonSchema schema, JsonNode json) {
        assertThat(schema.validate(json)).as("schema errors for %s", json).isEmpty();
    }
}
