package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tasker.orchestrator.template.TemplateFixtures.parse;
import static dev.tasker.orchestrator.template.TemplateFixtures.parseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Valid templates: tasker-core style examples, defaults, aliases and the YAML/JSON round trip. */
class TemplateParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parsesTaskerCoreDecisionTemplateIgnoringTaskerCoreOnlyFields() throws Exception {
        TaskTemplate template = parseFixture("valid/approval_routing.yaml");

        assertThat(template.key()).isEqualTo("conditional_approval/approval_routing@1.0.0");
        assertThat(template.description()).startsWith("Decision point workflow");
        assertThat(template.inputSchema().get("required")).isEqualTo(JSON.readTree("[\"amount\",\"requester\"]"));
        assertThat(template.steps()).extracting(StepDefinition::name).containsExactly("validate_request",
                "routing_decision", "finalize_approval", "auto_approve", "manager_approval", "finance_review");

        StepDefinition decision = template.step("routing_decision").orElseThrow();
        assertThat(decision.type()).isEqualTo(StepType.DECISION);
        assertThat(decision.handler().initialization()).isEqualTo(JSON.readTree("{\"thresholds\":{\"small\":1000,\"large\":5000}}"));

        StepDefinition finalize = template.step("finalize_approval").orElseThrow();
        assertThat(finalize.type()).isEqualTo(StepType.DEFERRED_CONVERGENCE);
        assertThat(finalize.retry()).isEqualTo(new RetryPolicy(true, 5, RetryPolicy.Backoff.LINEAR, 500, 30000));

        assertThat(template.step("manager_approval").orElseThrow().dependencies())
                .as("depends_on is an alias of dependencies").containsExactly("routing_decision");
        assertThat(template.step("manager_approval").orElseThrow().timeoutSeconds()).isEqualTo(600);

        HandlerSpec pinned = template.step("finance_review").orElseThrow().handler();
        assertThat(pinned.handlerName()).isEqualTo("approval_finance");
        assertThat(pinned.pinnedDigest()).isEqualTo("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(template.step("finance_review").orElseThrow().retry().retryable()).isFalse();
    }

    @Test
    void parsesTaskerCoreBatchTemplateWithBatchConfigOnTheWorker() {
        TaskTemplate template = parseFixture("valid/csv_batch.yaml");

        assertThat(template.steps()).extracting(StepDefinition::type).containsExactly(
                StepType.BATCHABLE, StepType.BATCH_WORKER, StepType.DEFERRED_CONVERGENCE);
        StepDefinition worker = template.step("process_csv_batch").orElseThrow();
        assertThat(worker.batchConfig().get("worker_template").textValue()).isEqualTo("process_csv_batch");
        assertThat(worker.batchConfig().get("parallelism").intValue()).isEqualTo(5);
        assertThat(template.inputSchema().get("$schema").textValue()).isEqualTo("http://json-schema.org/draft-07/schema#");
    }

    @Test
    void keepsEventNamesFromStringsAndTaskerCoreDeclarations() {
        TaskTemplate template = parseFixture("valid/order_events.yaml");

        assertThat(template.version()).isEqualTo("2.1.0-rc.1");
        assertThat(template.step("validate_order").orElseThrow().publishesEvents())
                .containsExactly("order.validated", "order.checked");
        assertThat(template.step("split_shipments").orElseThrow().batchConfig().get("worker_template").textValue())
                .isEqualTo("ship_batch");
    }

    @Test
    void appliesDefaultsToAMinimalStep() {
        TaskTemplate template = parse("""
                name: minimal
                namespace_name: demo
                version: 0.1.0
                steps:
                  - name: only
                    handler:
                      callable: echo
                """);

        StepDefinition step = template.steps().get(0);
        assertThat(template.description()).isEmpty();
        assertThat(template.inputSchema()).isNull();
        assertThat(step.description()).isEmpty();
        assertThat(step.type()).isEqualTo(StepType.STANDARD);
        assertThat(step.dependencies()).isEmpty();
        assertThat(step.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(step.timeoutSeconds()).isNull();
        assertThat(step.publishesEvents()).isEmpty();
        assertThat(step.batchConfig()).isNull();
        assertThat(step.handler().initialization()).isEmpty();
        assertThat(step.handler().pinnedDigest()).isNull();
    }

    @Test
    void mergesPartialRetryWithDefaultsAndMapsBackoffNoneToImmediateRetries() {
        TaskTemplate template = parse("""
                name: retries
                namespace_name: demo
                version: 1.0.0
                steps:
                  - name: slow
                    handler: {callable: slow}
                    retry: {backoff_base_ms: 60000}
                  - name: eager
                    handler: {callable: eager}
                    retry: {backoff: none, max_attempts: 7}
                  - name: steady
                    handler: {callable: steady}
                    retry: {backoff: fixed, backoff_base_ms: 250, max_backoff_ms: 250}
                """);

        assertThat(template.step("slow").orElseThrow().retry())
                .as("an absent max_backoff_ms never undercuts the base")
                .isEqualTo(new RetryPolicy(true, 3, RetryPolicy.Backoff.EXPONENTIAL, 60000, 60000));
        assertThat(template.step("eager").orElseThrow().retry())
                .isEqualTo(new RetryPolicy(true, 7, RetryPolicy.Backoff.FIXED, 0, 30000));
        assertThat(template.step("steady").orElseThrow().retry())
                .isEqualTo(new RetryPolicy(true, 3, RetryPolicy.Backoff.FIXED, 250, 250));
    }

    @Test
    void resolvesYamlAnchorsAndAliases() {
        TaskTemplate template = parse("""
                name: anchors
                namespace_name: demo
                version: 1.0.0
                steps:
                  - name: first
                    handler: {callable: first}
                    retry: &patient {max_attempts: 9, backoff: linear}
                  - name: second
                    handler: {callable: second}
                    retry: *patient
                """);

        assertThat(template.step("second").orElseThrow().retry())
                .isEqualTo(new RetryPolicy(true, 9, RetryPolicy.Backoff.LINEAR, 1000, 30000));
    }

    @Test
    void readsYesAndOnAsStringsNotBooleans() {
        TaskTemplate template = parse("""
                name: yaml_twelve
                namespace_name: demo
                version: 1.0.0
                steps:
                  - name: only
                    handler:
                      callable: echo
                      initialization: {answer: yes, switch: on, flag: true}
                """);

        assertThat(template.steps().get(0).handler().initialization().toString())
                .isEqualTo("{\"answer\":\"yes\",\"switch\":\"on\",\"flag\":true}");
    }

    @Test
    void validTemplatesRoundTripThroughYamlAndJson() throws Exception {
        for (String fixture : List.of("valid/approval_routing.yaml", "valid/csv_batch.yaml", "valid/order_events.yaml")) {
            TaskTemplate original = parseFixture(fixture);

            TaskTemplate fromYaml = new TemplateParser().parse(TemplateWriter.toYaml(original), original.source());
            String json = JSON.writeValueAsString(TemplateWriter.toJson(original));
            TaskTemplate fromJson = new TemplateParser().parse(json, original.source());

            assertThat(fromYaml).as(fixture + " via YAML").isEqualTo(original);
            assertThat(fromJson).as(fixture + " via JSON (a YAML subset)").isEqualTo(original);
        }
    }

    @Test
    void writerMakesDefaultsExplicitInSnakeCase() throws Exception {
        TaskTemplate template = parse("""
                name: minimal
                namespace_name: demo
                version: 0.1.0
                steps:
                  - name: only
                    handler: {callable: echo}
                """);

        String written = JSON.writeValueAsString(TemplateWriter.toJson(template));
        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree("""
                {"name":"minimal","namespace_name":"demo","version":"0.1.0","description":"",
                 "steps":[{"name":"only","description":"","handler":{"callable":"echo","initialization":{}},
                   "dependencies":[],"type":"standard",
                   "retry":{"retryable":true,"max_attempts":3,"backoff":"exponential",
                            "backoff_base_ms":1000,"max_backoff_ms":30000},
                   "publishes_events":[]}]}
                """));
    }
}
