package dev.tasker.orchestrator.template;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tasker.orchestrator.template.TemplateFixtures.invalid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per kind of template problem: each asserts the exact field path, line (and where useful
 * column) and the gist of the message, and that no other problem is reported alongside.
 */
class TemplateProblemsTest {

    private static final String HEADER = """
            name: orders
            namespace_name: shop
            version: 1.0.0
            steps:
            """;

    /** The only problem reported for {@code yaml}. */
    private static TemplateProblem single(String yaml) {
        List<TemplateProblem> problems = invalid(yaml).problems();
        assertThat(problems).as("problems: %s", problems).hasSize(1);
        return problems.get(0);
    }

    /** A one-step template whose {@code input_schema} (key at line 4) is {@code schema}, YAML written from column 0. */
    private static String withInputSchema(String schema) {
        return """
                name: orders
                namespace_name: shop
                version: 1.0.0
                input_schema:
                """ + schema.indent(2) + """
                steps:
                  - name: a
                    handler: {callable: a}
                """;
    }

    private static void assertProblem(TemplateProblem problem, String field, int line, String messagePart) {
        assertThat(problem.source()).isEqualTo("test.yaml");
        assertThat(problem.field()).isEqualTo(field);
        assertThat(problem.line()).as("line of %s", problem).isEqualTo(line);
        assertThat(problem.message()).contains(messagePart);
    }

    // --- YAML itself -------------------------------------------------------------------------------

    @Test
    void yamlSyntaxErrorIsReportedWithItsLine() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a
                    retry: {}
                """);
        assertProblem(problem, "", 7, "YAML syntax error");
    }

    @Test
    void badIndentationIsASyntaxError() {
        TemplateProblem problem = single("""
                name: orders
                  namespace_name: shop
                """);
        assertProblem(problem, "", 2, "mapping values are not allowed here");
        assertThat(problem.column()).isEqualTo(17);
    }

    @Test
    void emptyDocumentIsRejected() {
        assertProblem(single("# nothing here\n"), "", 1, "the document is empty");
    }

    @Test
    void rootMustBeAMapping() {
        assertProblem(single("- name: a\n"), "", 1, "root must be a mapping");
    }

    @Test
    void secondYamlDocumentIsRejected() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                ---
                name: other
                """);
        assertProblem(problem, "", 8, "exactly one YAML document");
    }

    @Test
    void duplicateKeyIsReportedNotOverwritten() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    timeout_seconds: 10
                    timeout_seconds: 20
                """);
        assertProblem(problem, "steps[0].timeout_seconds", 8, "duplicate key 'timeout_seconds' (first at line 7)");
    }

    @Test
    void yamlMergeKeysAreNotSupported() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: &shared {callable: a}
                  - name: b
                    <<: {timeout_seconds: 5}
                    handler: *shared
                """);
        assertProblem(problem, "steps[1].<<", 8, "YAML merge keys (<<) are not supported");
    }

    // --- fields ------------------------------------------------------------------------------------

    @Test
    void missingTopLevelFieldPointsAtTheDocument() {
        TemplateProblem problem = single("""
                name: orders
                version: 1.0.0
                steps:
                  - name: a
                    handler: {callable: a}
                """);
        assertProblem(problem, "namespace_name", 1, "required field 'namespace_name' is missing");
    }

    @Test
    void missingStepFieldPointsAtTheStep() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: b
                    dependencies: [a]
                """);
        assertProblem(problem, "steps[1].handler", 7, "required field 'handler' is missing");
    }

    @Test
    void missingCallablePointsAtTheHandler() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler:
                      initialization: {x: 1}
                """);
        assertProblem(problem, "steps[0].handler.callable", 6, "required field 'callable' is missing");
    }

    @Test
    void missingStepsList() {
        assertProblem(single("name: orders\nnamespace_name: shop\nversion: 1.0.0\n"), "steps", 1,
                "required field 'steps' is missing");
    }

    @Test
    void emptyStepsList() {
        assertProblem(single("name: orders\nnamespace_name: shop\nversion: 1.0.0\nsteps: []\n"), "steps", 4,
                "at least one step");
    }

    @Test
    void wrongScalarType() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    timeout_seconds: "30"
                """);
        assertProblem(problem, "steps[0].timeout_seconds", 7, "expected an integer, got string \"30\"");
    }

    @Test
    void wrongCollectionType() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: b
                    handler: {callable: b}
                    dependencies: a
                """);
        assertProblem(problem, "steps[1].dependencies", 9, "expected a list of strings, got string \"a\"");
    }

    @Test
    void wrongTypeInsideAList() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: b
                    handler: {callable: b}
                    dependencies:
                      - a
                      - {name: a}
                """);
        assertProblem(problem, "steps[1].dependencies[1]", 11, "expected a string, got a mapping");
    }

    @Test
    void stepThatIsNotAMapping() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - just_a_name
                """);
        assertProblem(problem, "steps[1]", 7, "expected a mapping, got string \"just_a_name\"");
    }

    @Test
    void unknownTopLevelFieldIsATypo() {
        TemplateProblem problem = single("""
                name: orders
                namespace_name: shop
                versoin: 1.0.0
                version: 1.0.0
                steps:
                  - name: a
                    handler: {callable: a}
                """);
        assertProblem(problem, "versoin", 3, "unknown field 'versoin' (did you mean 'version'?)");
    }

    @Test
    void unknownStepFieldIsATypo() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    retyr: {max_attempts: 2}
                """);
        assertProblem(problem, "steps[0].retyr", 7, "unknown field 'retyr' (did you mean 'retry'?)");
    }

    @Test
    void unknownNestedFieldListsTheAcceptedOnes() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    retry:
                      jitter: full
                """);
        assertProblem(problem, "steps[0].retry.jitter", 8,
                "accepted fields: backoff, backoff_base_ms, max_attempts, max_backoff_ms, retryable");
    }

    @Test
    void fieldAndItsAliasTogether() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: b
                    handler: {callable: b}
                    dependencies: [a]
                    depends_on: [a]
                """);
        assertProblem(problem, "steps[1].depends_on", 10, "'depends_on' is an alias of 'dependencies'");
    }

    // --- formats -----------------------------------------------------------------------------------

    @Test
    void templateNameFormat() {
        TemplateProblem problem = single("""
                name: Orders-Flow
                namespace_name: shop
                version: 1.0.0
                steps:
                  - name: a
                    handler: {callable: a}
                """);
        assertProblem(problem, "name", 1, "'Orders-Flow' is not a valid name");
    }

    @Test
    void namespaceLongerThanTheQueueNameAllows() {
        TemplateProblem problem = single("""
                name: orders
                namespace_name: a_namespace_that_is_far_too_long
                version: 1.0.0
                steps:
                  - name: a
                    handler: {callable: a}
                """);
        assertProblem(problem, "namespace_name", 2, "at most 29 characters");
    }

    @Test
    void versionWrittenAsANumber() {
        TemplateProblem problem = single("""
                name: orders
                namespace_name: shop
                version: 1.0
                steps:
                  - name: a
                    handler: {callable: a}
                """);
        assertProblem(problem, "version", 3, "write version: \"1.0.0\"");
    }

    @Test
    void versionThatIsNotSemantic() {
        TemplateProblem problem = single("""
                name: orders
                namespace_name: shop
                version: v1
                steps:
                  - name: a
                    handler: {callable: a}
                """);
        assertProblem(problem, "version", 3, "semantic version MAJOR.MINOR.PATCH");
    }

    @Test
    void stepNameFormat() {
        TemplateProblem problem = single(HEADER + """
                  - name: Validate Order
                    handler: {callable: a}
                """);
        assertProblem(problem, "steps[0].name", 5, "'Validate Order' is not a valid name");
    }

    @Test
    void taskerCoreClassPathIsNotAHandlerName() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler:
                      callable: ConditionalApproval::StepHandlers::ValidateRequestHandler
                """);
        assertProblem(problem, "steps[0].handler.callable", 7, "tasker-core class paths do not apply");
    }

    @Test
    void pinnedDigestMustBeSha256Hex() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler:
                      callable: order_validate@sha256:ABC
                """);
        assertProblem(problem, "steps[0].handler.callable", 7, "the pinned digest 'sha256:ABC' is not sha256:<64 lowercase hex>");
    }

    @Test
    void handlerMethodOtherThanCall() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler:
                      callable: a
                      method: validate
                """);
        assertProblem(problem, "steps[0].handler.method", 8, "'method' can only be 'call'");
    }

    @Test
    void unknownStepType() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    type: decison
                """);
        assertProblem(problem, "steps[0].type", 7, "unknown step type 'decison'");
    }

    @Test
    void timeoutMustBePositive() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    timeout_seconds: 0
                """);
        assertProblem(problem, "steps[0].timeout_seconds", 7, "must be between 1 and 3600, got 0");
    }

    // --- retry -------------------------------------------------------------------------------------

    @Test
    void maxAttemptsBelowOne() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    retry:
                      max_attempts: 0
                """);
        assertProblem(problem, "steps[0].retry.max_attempts", 8, "must be between 1 and 100, got 0");
    }

    @Test
    void negativeBackoff() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    retry:
                      backoff_base_ms: -5
                """);
        assertProblem(problem, "steps[0].retry.backoff_base_ms", 8, "got -5");
    }

    @Test
    void maxBackoffBelowBase() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    retry:
                      backoff_base_ms: 5000
                      max_backoff_ms: 1000
                """);
        assertProblem(problem, "steps[0].retry.max_backoff_ms", 9,
                "max_backoff_ms (1000) must be at least backoff_base_ms (5000)");
    }

    @Test
    void unknownBackoffKind() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    retry:
                      backoff: quadratic
                """);
        assertProblem(problem, "steps[0].retry.backoff", 8, "unknown backoff 'quadratic'");
    }

    @Test
    void fibonacciBackoffOfTaskerCoreIsNotSupported() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    retry: {backoff: fibonacci}
                """);
        assertProblem(problem, "steps[0].retry.backoff", 7, "'fibonacci' (tasker-core) is not supported");
    }

    @Test
    void backoffNoneWithADelay() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    retry:
                      backoff: none
                      backoff_base_ms: 100
                """);
        assertProblem(problem, "steps[0].retry.backoff_base_ms", 9, "backoff 'none' retries without delay");
    }

    @Test
    void retryableMustBeABoolean() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    retry:
                      retryable: yes
                """);
        assertProblem(problem, "steps[0].retry.retryable", 8, "expected true or false, got string \"yes\"");
    }

    // --- the DAG -----------------------------------------------------------------------------------

    @Test
    void duplicateStepName() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: a
                    handler: {callable: other}
                """);
        assertProblem(problem, "steps[1].name", 7, "duplicate step name 'a': already declared by steps[0]");
    }

    @Test
    void unknownDependency() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: b
                    handler: {callable: b}
                    dependencies:
                      - a
                      - c
                """);
        assertProblem(problem, "steps[1].dependencies[1]", 11, "unknown dependency 'c'");
    }

    @Test
    void selfDependency() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    depends_on: [a]
                """);
        assertProblem(problem, "steps[0].depends_on[0]", 7, "step 'a' depends on itself");
    }

    @Test
    void dependencyListedTwice() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: b
                    handler: {callable: b}
                    dependencies: [a, a]
                """);
        assertProblem(problem, "steps[1].dependencies[1]", 9, "listed more than once");
    }

    @Test
    void dependencyCycleNamesItsPath() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    dependencies: [c]
                  - name: b
                    handler: {callable: b}
                    dependencies: [a]
                  - name: c
                    handler: {callable: c}
                    dependencies: [b]
                  - name: d
                    handler: {callable: d}
                    dependencies: [c]
                """);
        assertProblem(problem, "steps[1].dependencies[0]", 10, "dependency cycle: a -> c -> b -> a");
    }

    @Test
    void everyIndependentCycleIsReported() {
        List<TemplateProblem> problems = invalid(HEADER + """
                  - name: a
                    handler: {callable: a}
                    dependencies: [b]
                  - name: b
                    handler: {callable: b}
                    dependencies: [a]
                  - name: x
                    handler: {callable: x}
                    dependencies: [y]
                  - name: y
                    handler: {callable: y}
                    dependencies: [x]
                """).problems();
        assertThat(problems).extracting(TemplateProblem::message).containsExactly(
                "dependency cycle: a -> b -> a (each step depends on the next)",
                "dependency cycle: x -> y -> x (each step depends on the next)");
    }

    // --- dynamic workflows (DESIGN §4) -------------------------------------------------------------

    @Test
    void decisionWithoutDependentSteps() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: route
                    handler: {callable: route}
                    dependencies: [a]
                    type: decision
                """);
        assertProblem(problem, "steps[1].type", 10, "decision step 'route' has no dependent steps");
    }

    @Test
    void deferredConvergenceWithoutDependencies() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: join
                    handler: {callable: join}
                    type: deferred_convergence
                """);
        assertProblem(problem, "steps[1].dependencies", 7, "deferred_convergence step 'join' needs dependencies");
    }

    @Test
    void batchWorkerNotNamedByAnyBatchConfig() {
        TemplateProblem problem = single(HEADER + """
                  - name: split
                    type: batchable
                    handler: {callable: split}
                  - name: work
                    type: batch_worker
                    handler: {callable: work}
                    dependencies: [split]
                """);
        assertProblem(problem, "steps[1].type", 9, "batch_worker step 'work' is not named by any batch_config.worker_template");
    }

    @Test
    void batchableWorkerTemplateNamesNoStep() {
        TemplateProblem problem = single(HEADER + """
                  - name: split
                    type: batchable
                    handler: {callable: split}
                    batch_config:
                      worker_template: wrok
                  - name: work
                    type: batch_worker
                    handler: {callable: work}
                    dependencies: [split]
                    batch_config: {worker_template: work}
                """);
        assertProblem(problem, "steps[0].batch_config.worker_template", 9, "worker_template 'wrok' names no declared step");
    }

    @Test
    void batchableWorkerTemplateNamesAStandardStep() {
        List<TemplateProblem> problems = invalid(HEADER + """
                  - name: split
                    type: batchable
                    handler: {callable: split}
                    batch_config:
                      worker_template: work
                  - name: work
                    handler: {callable: work}
                    dependencies: [split]
                """).problems();
        assertThat(problems).hasSize(2);
        assertProblem(problems.get(0), "steps[0].type", 6, "batchable step 'split' has no batch_worker step depending on it");
        assertProblem(problems.get(1), "steps[0].batch_config.worker_template", 9, "it must name a batch_worker step");
    }

    @Test
    void batchWorkerMustDependOnExactlyItsBatchableStep() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                  - name: split
                    type: batchable
                    handler: {callable: split}
                    batch_config: {worker_template: work}
                  - name: work
                    type: batch_worker
                    handler: {callable: work}
                    dependencies: [a, split]
                """);
        assertProblem(problem, "steps[2].dependencies", 14, "must depend on exactly one step, the batchable step");
    }

    @Test
    void batchConfigOnAStandardStep() {
        TemplateProblem problem = single(HEADER + """
                  - name: a
                    handler: {callable: a}
                    batch_config:
                      worker_template: a
                """);
        assertProblem(problem, "steps[0].batch_config", 7, "batch_config belongs on a batchable step");
    }

    @Test
    void batchConfigValues() {
        List<TemplateProblem> problems = invalid(HEADER + """
                  - name: split
                    type: batchable
                    handler: {callable: split}
                    batch_config:
                      worker_template: work
                      batch_size: 0
                      failure_strategy: retry_forever
                  - name: work
                    type: batch_worker
                    handler: {callable: work}
                    dependencies: [split]
                """).problems();
        assertThat(problems).hasSize(2);
        assertProblem(problems.get(0), "steps[0].batch_config.batch_size", 10, "at least 1, got 0");
        assertProblem(problems.get(1), "steps[0].batch_config.failure_strategy", 11, "unknown failure_strategy 'retry_forever'");
    }

    @Test
    void onlyDeferredConvergenceMayDependOnABatchWorker() {
        TemplateProblem problem = single(HEADER + """
                  - name: split
                    type: batchable
                    handler: {callable: split}
                    batch_config: {worker_template: work}
                  - name: work
                    type: batch_worker
                    handler: {callable: work}
                    dependencies: [split]
                  - name: total
                    handler: {callable: total}
                    dependencies: [work]
                """);
        assertProblem(problem, "steps[2].dependencies[0]", 15, "only a deferred_convergence step may depend on it");
    }

    // --- input_schema ------------------------------------------------------------------------------

    @Test
    void inputSchemaFailingItsMetaSchemaPointsAtTheBadKeyword() {
        TemplateProblem problem = single(withInputSchema("""
                type: object
                properties:
                  amount:
                    type: money
                """));
        assertProblem(problem, "input_schema.properties.amount.type", 8, "invalid JSON Schema: does not have a value in the enumeration");
    }

    @Test
    void inputSchemaRequiredMustBeAList() {
        TemplateProblem problem = single(withInputSchema("""
                type: object
                required: amount
                """));
        assertProblem(problem, "input_schema.required", 6, "string found, array expected");
    }

    @Test
    void inputSchemaWithUnsupportedDialect() {
        TemplateProblem problem = single(withInputSchema("""
                type: object
                $schema: https://example.com/my-dialect
                """));
        assertProblem(problem, "input_schema.$schema", 6, "unsupported $schema");
    }

    @Test
    void inputSchemaWithUnresolvableReference() {
        TemplateProblem problem = single(withInputSchema("""
                type: object
                properties:
                  customer: {$ref: "#/$defs/customer"}
                """));
        assertProblem(problem, "input_schema", 4, "the schema does not compile");
    }

    @Test
    void inputSchemaRemoteReferenceIsNotFetched() {
        TemplateProblem problem = single(withInputSchema("""
                $ref: https://schemas.example.com/order.json
                """));
        assertProblem(problem, "input_schema", 4, "references resolve only inside the schema");
    }

    @Test
    void inputSchemaThatIsNotAMapping() {
        TemplateProblem problem = single("""
                name: orders
                namespace_name: shop
                version: 1.0.0
                input_schema: [amount]
                steps:
                  - name: a
                    handler: {callable: a}
                """);
        assertProblem(problem, "input_schema", 4, "a JSON Schema must be a mapping");
    }

    // --- all at once -------------------------------------------------------------------------------

    @Test
    void everyProblemIsReportedInLineOrderAndRenderedForEditors() throws Exception {
        TemplateValidationException e = invalid(java.nio.file.Files.readString(
                TemplateFixtures.fixture("invalid/many_problems.yaml")));

        assertThat(e.problems()).extracting(TemplateProblem::field).containsExactly(
                "version",
                "timeout",
                "steps[0].handler.callable",
                "steps[0].retry.max_attempts",
                "steps[1].type",
                "steps[2].dependencies[0]",
                "steps[3].name");
        assertThat(e.problems()).extracting(TemplateProblem::line).containsExactly(3, 4, 8, 10, 14, 17, 18);
        assertThat(e.getMessage().lines().toList()).hasSize(7).first()
                .isEqualTo("test.yaml:3:1: version: expected a version string MAJOR.MINOR.PATCH, got number 2"
                        + " (YAML reads 1.0 as a number: write version: \"1.0.0\")");
        assertThat(e.problems().get(2).toString())
                .isEqualTo("test.yaml:8:7: steps[0].handler.callable: 'Validate' is not a handler reference:"
                        + " expected a deployed handler name matching ^[a-z][a-z0-9_-]{0,62}$, optionally pinned"
                        + " as name@sha256:<64 lowercase hex>");
    }
}
