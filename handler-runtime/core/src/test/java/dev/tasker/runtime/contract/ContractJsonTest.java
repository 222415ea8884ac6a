package dev.tasker.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContractJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static StepInvocation invocation() {
        return new StepInvocation(
                1,
                new StepInvocation.TaskInfo(UUID.fromString("0b7c3e4e-2f47-4f4a-9d3c-6f7f1f1b2a10"), "orders",
                        "process_order", "1.2.0", NODES.objectNode().put("order_id", 17), "req-17"),
                new StepInvocation.StepInfo(UUID.fromString("5f0e9a51-6c2d-4b1e-8d7a-2f1f6b7c8d90"), "process_batch_001",
                        2, 3, NODES.objectNode().set("cursor", NODES.objectNode().put("start", 0)),
                        NODES.objectNode().put("offset", 40)),
                NODES.objectNode().put("strict", true),
                Map.of("fetchOrder", NODES.objectNode().put("total", 99.5)));
    }

    @Test
    void invocationUsesSnakeCaseAndRoundTrips() throws Exception {
        StepInvocation original = invocation();

        byte[] bytes = ContractJson.writeInvocation(original);

        JsonNode json = JSON.readTree(bytes);
        assertThat(json.get("contract_version").asInt()).isEqualTo(1);
        assertThat(json.at("/task/correlation_id").asText()).isEqualTo("req-17");
        assertThat(json.at("/task/uuid").asText()).isEqualTo("0b7c3e4e-2f47-4f4a-9d3c-6f7f1f1b2a10");
        assertThat(json.at("/step/max_attempts").asInt()).isEqualTo(3);
        assertThat(json.at("/step/checkpoint/offset").asInt()).isEqualTo(40);
        assertThat(json.at("/dependency_results/fetchOrder/total").asDouble()).isEqualTo(99.5);
        assertThat(ContractJson.readInvocation(bytes)).isEqualTo(original);
    }

    @Test
    void absentOptionalPartsAreNormalised() throws Exception {
        StepInvocation sparse = new StepInvocation(1,
                new StepInvocation.TaskInfo(UUID.randomUUID(), "ns", "t", "1", null, null),
                new StepInvocation.StepInfo(UUID.randomUUID(), "s", 1, 1, null, null), null, null);

        JsonNode json = JSON.readTree(ContractJson.writeInvocation(sparse));

        assertThat(json.get("config")).isEqualTo(NODES.objectNode());
        assertThat(json.get("dependency_results")).isEqualTo(NODES.objectNode());
        assertThat(json.at("/step/checkpoint").isNull()).isTrue();
        assertThat(json.at("/task/context").isNull()).isTrue();
        assertThat(ContractJson.readInvocation(JSON.writeValueAsBytes(json))).isEqualTo(sparse);
    }

    @Test
    void readInvocationNamesTheProblem() {
        assertThatThrownBy(() -> ContractJson.readInvocation(
                "{\"contract_version\":2,\"task\":{},\"step\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid step invocation: field 'contract_version' is 2; expected 1");
        assertThatThrownBy(() -> ContractJson.readInvocation("{\n\"task\": [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid step invocation: ")
                .hasMessageContaining("line 2");
    }

    @Test
    void successWithAllOptionalFieldsRoundTrips() throws Exception {
        String wire = """
                {"success": true, "result": {"approved": true},
                 "decision_point_outcome": {"type": "create_steps", "step_names": ["ship", "notify"]},
                 "batch_processing_outcome": {"type": "no_batches"},
                 "events": [{"name": "order.approved", "payload": {"id": 17}}, {"name": "audit"}],
                 "metadata": {"rows": 3}, "future_field": 1}
                """;

        StepResult result = ContractJson.readResult(wire.getBytes(StandardCharsets.UTF_8));

        StepResult.Success success = (StepResult.Success) result;
        assertThat(success.result().get("approved").asBoolean()).isTrue();
        assertThat(success.decisionPointOutcome().get("step_names")).hasSize(2);
        assertThat(success.batchProcessingOutcome().get("type").asText()).isEqualTo("no_batches");
        assertThat(success.events()).extracting(StepResult.DomainEvent::name).containsExactly("order.approved", "audit");
        assertThat(success.events().get(1).payload().isNull()).isTrue();
        assertThat(success.metadata().get("rows").asInt()).isEqualTo(3);
        assertThat(ContractJson.readResult(ContractJson.writeResult(result))).isEqualTo(result);
        assertThat(ContractJson.toJson(result).has("future_field")).isFalse();
    }

    @Test
    void failureRoundTripsAndOmitsAbsentOptionalFields() throws Exception {
        StepResult.Failure failure = StepResult.failure("payment_declined", "card expired", false);

        JsonNode json = ContractJson.toJson(failure);

        assertThat(json.toString()).isEqualTo("{\"success\":false,\"error\":{\"message\":\"card expired\","
                + "\"error_type\":\"payment_declined\",\"retryable\":false},\"metadata\":{}}");
        assertThat(ContractJson.readResult(json)).isEqualTo(failure);
        StepResult.Failure withCodes = new StepResult.Failure(
                new StepResult.StepError("slow down", "rate_limited", true, "E429", 1500L), null);
        assertThat(ContractJson.readResult(ContractJson.writeResult(withCodes))).isEqualTo(withCodes);
    }

    @Test
    void successJsonHasTheDocumentedShape() {
        StepResult.Success success = new StepResult.Success(NODES.numberNode(5), null, null, null,
                List.of(new StepResult.DomainEvent("counted", NODES.booleanNode(true))));

        assertThat(ContractJson.toJson(success).toString()).isEqualTo(
                "{\"success\":true,\"result\":5,\"events\":[{\"name\":\"counted\",\"payload\":true}],\"metadata\":{}}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                                                  | step result is empty: expected a JSON object",
        "`  `                                                                | step result is empty: expected a JSON object",
        "[1, 2]                                                              | step result must be a JSON object, found an array",
        "{}                                                                  | field 'success' is missing",
        "{\"success\": \"yes\"}                                              | field 'success' must be a boolean, found a string",
        "{\"success\": true}                                                 | field 'result' is missing",
        "{\"success\": true, \"result\": 1, \"metadata\": []}                | field 'metadata' must be an object or null, found an array",
        "{\"success\": true, \"result\": 1, \"events\": {}}                  | field 'events' must be an array, found an object",
        "{\"success\": true, \"result\": 1, \"events\": [{\"payload\": 1}]}  | field 'events[0].name' is missing",
        "{\"success\": true, \"result\": 1, \"decision_point_outcome\": {\"type\": \"maybe\"}} | field 'decision_point_outcome.type' is 'maybe'; expected one of [create_steps, no_branches]",
        "{\"success\": true, \"result\": 1, \"decision_point_outcome\": {\"type\": \"create_steps\", \"step_names\": []}} | field 'decision_point_outcome.step_names' must be a non-empty array of step names, found an array",
        "{\"success\": true, \"result\": 1, \"batch_processing_outcome\": {\"type\": \"create_batches\", \"worker_template_name\": \"w\", \"worker_count\": 1, \"total_items\": 10, \"cursor_configs\": [{\"batch_id\": \"001\", \"start_cursor\": 0, \"end_cursor\": 10}]}} | field 'batch_processing_outcome.cursor_configs[0].batch_size' is missing",
        "{\"success\": false}                                                | field 'error' is missing",
        "{\"success\": false, \"error\": \"boom\"}                           | field 'error' must be an object, found a string",
        "{\"success\": false, \"error\": {\"message\": \"m\", \"error_type\": \"t\"}} | field 'error.retryable' is missing",
        "{\"success\": false, \"error\": {\"message\": \"m\", \"error_type\": \"\", \"retryable\": true}} | field 'error.error_type' must not be empty",
        "{\"success\": false, \"error\": {\"message\": \"m\", \"error_type\": \"t\", \"retryable\": 1}} | field 'error.retryable' must be a boolean, found the number 1",
        "{\"success\": false, \"error\": {\"message\": \"m\", \"error_type\": \"t\", \"retryable\": true, \"retry_after_ms\": -5}} | field 'error.retry_after_ms' must be a non-negative integer (milliseconds), found the number -5",
        "{\"success\": false, \"error\": {\"message\": 3, \"error_type\": \"t\", \"retryable\": true}} | field 'error.message' must be a string, found the number 3"
    })
    void readResultNamesTheWrongOrMissingField(String wire, String message) {
        assertThatThrownBy(() -> ContractJson.readResult(wire.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidStepResultException.class)
                .hasMessage(message);
    }

    @Test
    void readResultReportsSyntaxErrorsWithTheirPositionAndRejectsTrailingDocuments() {
        assertThatThrownBy(() -> ContractJson.readResult("{\"success\": true,\n \"result\": nope}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidStepResultException.class)
                .hasMessageStartingWith("not valid JSON: ")
                .hasMessageContaining("(line 2, column");
        assertThatThrownBy(() -> ContractJson.readResult("{\"success\":true,\"result\":1} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidStepResultException.class)
                .hasMessageStartingWith("not valid JSON: ")
                .hasMessageContaining("Trailing token");
    }

    @Test
    void surroundingWhitespaceIsAccepted() throws Exception {
        assertThat(ContractJson.readResult("\n  {\"success\":true,\"result\":null}\n\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(StepResult.success(null));
    }
}
