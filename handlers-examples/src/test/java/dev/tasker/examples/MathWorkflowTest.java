package dev.tasker.examples;

import static dev.tasker.examples.Invocations.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tasker.examples.WorkflowSimulator.Run;
import dev.tasker.examples.WorkflowSimulator.TaskState;
import dev.tasker.runtime.contract.StepResult.Failure;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The math templates: {@code math/linear_math} (n^16 through four math_square steps, C) and
 * {@code math/diamond_math} (n^8, two parallel branches joined by math_multiply, Rust). Results are
 * decimal strings, checked exactly against {@link BigInteger}, including values far beyond 64 bits.
 */
class MathWorkflowTest {

    @RegisterExtension
    static final HandlerHarness harness = new HandlerHarness();
    private static final WorkflowSimulator simulator = new WorkflowSimulator(harness);

    private static String power(String base, int exponent) {
        return new BigInteger(base).pow(exponent).toString();
    }

    @Test
    void linearMathOfSixIsSixToTheSixteenth() {
        Run run = simulator.run(ExampleFiles.template("linear_math.yaml"), ExampleFiles.context("math-6.json"));

        assertThat(run.state()).isEqualTo(TaskState.COMPLETE);
        assertThat(run.step("linear_step_1").result().path("value").asText()).isEqualTo("36");
        assertThat(run.step("linear_step_2").result().path("value").asText()).isEqualTo("1296");
        assertThat(run.step("linear_step_3").result().path("value").asText()).isEqualTo("1679616");
        assertThat(run.step("linear_step_4").result().path("value").asText())
                .isEqualTo("2821109907456")
                .isEqualTo(power("6", 16));
    }

    @Test
    void diamondMathOfSixIsSixToTheEighth() {
        Run run = simulator.run(ExampleFiles.template("diamond_math.yaml"), ExampleFiles.context("math-6.json"));

        assertThat(run.state()).isEqualTo(TaskState.COMPLETE);
        assertThat(run.steps().keySet()).containsExactly(
                "diamond_start", "diamond_branch_left", "diamond_branch_right", "diamond_end");
        assertThat(run.step("diamond_start").result().path("value").asText()).isEqualTo("36");
        assertThat(run.step("diamond_branch_left").result().path("value").asText()).isEqualTo("1296");
        assertThat(run.step("diamond_branch_right").result().path("value").asText()).isEqualTo("1296");
        assertThat(run.step("diamond_end").result().path("value").asText())
                .isEqualTo("1679616")
                .isEqualTo(power("6", 8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3037000500", "98765432109876543210", "-12345678901234567890123456789012345678"})
    void resultsBeyondSixtyFourBitsAreExact(String evenNumber) {
        JsonNode context = JsonNodeFactory.instance.objectNode().put("even_number", evenNumber);

        Run linear = simulator.run(ExampleFiles.template("linear_math.yaml"), context);
        Run diamond = simulator.run(ExampleFiles.template("diamond_math.yaml"), context);

        assertThat(linear.step("linear_step_4").result().path("value").asText()).isEqualTo(power(evenNumber, 16));
        assertThat(diamond.step("diamond_end").result().path("value").asText()).isEqualTo(power(evenNumber, 8));
    }

    @Test
    void jsonIntegerContextValuesAreExactUpToTwoToTheFiftyThird() {
        JsonNode context = json("{\"even_number\": 9007199254740992}");

        Run run = simulator.run(ExampleFiles.template("linear_math.yaml"), context);

        assertThat(run.step("linear_step_4").result().path("value").asText())
                .isEqualTo(power("9007199254740992", 16));
    }

    @Test
    void oddOrNonIntegerInputIsAValidationError() {
        Run odd = simulator.run(ExampleFiles.template("linear_math.yaml"), json("{\"even_number\": 7}"));
        Run fraction = simulator.run(ExampleFiles.template("diamond_math.yaml"), json("{\"even_number\": 6.5}"));
        Run tooBig = simulator.run(ExampleFiles.template("linear_math.yaml"), json("{\"even_number\": 18014398509481984}"));

        assertThat(odd.state()).isEqualTo(TaskState.ERROR);
        Failure oddFailure = (Failure) odd.step("linear_step_1").last();
        assertThat(oddFailure.error().errorType()).isEqualTo("validation_error");
        assertThat(oddFailure.error().retryable()).isFalse();
        assertThat(oddFailure.error().message()).isEqualTo("context.even_number 7 is odd");
        assertThat(((Failure) fraction.step("diamond_start").last()).error().errorType()).isEqualTo("validation_error");
        assertThat(((Failure) tooBig.step("linear_step_1").last()).error().message())
                .isEqualTo("context.even_number must be an integer (a decimal string above 2^53)");
    }

    @Test
    void multiplyNeedsItsInputStepsConfigured() {
        Failure failure = (Failure) harness.run("math_multiply", Invocations.step("diamond_end")
                .dependency("diamond_branch_left", json("{\"value\":\"2\"}")).build());

        assertThat(failure.error().errorType()).isEqualTo("configuration_error");
        assertThat(failure.error().message()).isEqualTo("config.input_steps must be a non-empty list of step names");
    }

    @Test
    void multiplyRejectsANonIntegerValue() {
        Failure failure = (Failure) harness.run("math_multiply", Invocations.step("diamond_end")
                .config(json("{\"input_steps\":[\"a\"]}"))
                .dependency("a", json("{\"value\":\"12x\"}")).build());

        assertThat(failure.error().errorType()).isEqualTo("validation_error");
        assertThat(failure.error().message())
                .isEqualTo("dependency_results.a.value must be an integer or a decimal integer string");
    }

    @Test
    void squareNamesAMissingInputStep() {
        Failure failure = (Failure) harness.run("math_square", Invocations.step("linear_step_2")
                .config(json("{\"input_step\":\"linear_step_1\"}")).build());

        assertThat(failure.error().errorType()).isEqualTo("missing_dependency");
        assertThat(failure.error().message()).isEqualTo("dependency_results has no result for step 'linear_step_1'");
    }
}
