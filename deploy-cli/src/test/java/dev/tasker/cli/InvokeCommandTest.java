package dev.tasker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.testing.Cli;
import dev.tasker.cli.testing.WatModules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tasker invoke} runs real WASM modules in the handler runtime; no orchestrator involved. */
class InvokeCommandTest {

    @TempDir
    Path dir;

    @Test
    void partialInvocationGetsDefaultsAndTheResultStderrAndTimingArePrinted() {
        Path echo = WatModules.write(dir, "echo_step.wasm", WatModules.echo());
        Cli.Run run = Cli.run("invoke", echo.toString(), "--input", "{\"task\":{\"context\":{\"order_id\":\"A-1\"}}}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Step succeeded", "\"order_id\" : \"A-1\"", "Handler stderr:",
                "  echo: invocation received", "Timing: load ", "run ", "sha256:");

        Cli.Run json = Cli.run("invoke", echo.toString(), "--input", "{\"task\":{\"context\":{\"order_id\":\"A-1\"}}}",
                "-o", "json");
        JsonNode summary = Json.parse(json.out(), "output");
        assertThat(summary.path("success").asBoolean()).isTrue();
        assertThat(summary.path("stderr").asText()).isEqualTo("echo: invocation received\n");
        assertThat(summary.path("execution_mode").asText()).isEqualTo("compiled");
        assertThat(summary.path("digest").asText()).matches("sha256:[0-9a-f]{64}");
        // the echo handler returns the invocation it read: the defaults were filled in
        JsonNode invocation = summary.path("result").path("result");
        assertThat(invocation.path("contract_version").asInt()).isEqualTo(1);
        assertThat(invocation.path("task").path("context").path("order_id").asText()).isEqualTo("A-1");
        assertThat(invocation.path("task").path("namespace").asText()).isEqualTo("local");
        assertThat(invocation.path("task").path("uuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(invocation.path("step").path("name").asText()).isEqualTo("echo_step");
        assertThat(invocation.path("step").path("attempt").asInt()).isEqualTo(1);
        assertThat(invocation.path("dependency_results").isObject()).isTrue();
        assertThat(summary.path("result").path("metadata").path("execution_time_ms").isNumber()).isTrue();

        // the compiled code was kept on disk: the next run loads it instead of compiling again
        Cli.Run again = Cli.run("invoke", echo.toString(), "-o", "json");
        assertThat(Json.parse(again.out(), "output").path("code_source").asText()).isEqualTo("disk_cache");
    }

    @Test
    void givenFieldsWinOverDefaultsAndContextCanComeFromAFile() throws IOException {
        Path echo = WatModules.write(dir, "echo.wasm", WatModules.echo());
        Path context = Files.writeString(dir.resolve("ctx.json"), "{\"items\":[1,2,3]}");
        Path input = Files.writeString(dir.resolve("inv.json"),
                "{\"step\":{\"name\":\"charge\",\"attempt\":2,\"max_attempts\":3},\"config\":{\"mode\":\"strict\"}}");
        Cli.Run run = Cli.run("invoke", echo.toString(), "--input", input.toString(), "--context", "@" + context,
                "--interpreter", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode summary = Json.parse(run.out(), "output");
        assertThat(summary.path("execution_mode").asText()).isEqualTo("interpreted");
        JsonNode invocation = summary.path("result").path("result");
        assertThat(invocation.path("step").path("name").asText()).isEqualTo("charge");
        assertThat(invocation.path("step").path("attempt").asInt()).isEqualTo(2);
        assertThat(invocation.path("step").path("uuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(invocation.path("config").path("mode").asText()).isEqualTo("strict");
        assertThat(invocation.path("task").path("context").path("items")).hasSize(3);
    }

    @Test
    void aFailedStepExitsWithOneAndShowsTheError() {
        Path fail = WatModules.write(dir, "fail.wasm", WatModules.constant(
                "{\"success\":false,\"error\":{\"message\":\"card declined\",\"error_type\":\"payment_declined\","
                        + "\"retryable\":false}}", "declining\n"));
        Cli.Run run = Cli.run("invoke", fail.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED.code());
        assertThat(run.out()).contains("Step FAILED: card declined [payment_declined, not retryable]", "  declining");
    }

    @Test
    void aHandlerThatFailsOnlyItsFirstAttemptSeesTheAttemptFromTheInput() {
        Path flaky = WatModules.write(dir, "flaky.wasm", WatModules.failWhen("\"attempt\":1,",
                "{\"success\":false,\"error\":{\"message\":\"gateway timeout\",\"error_type\":\"timeout\",\"retryable\":true}}"));
        Cli.Run first = Cli.run("invoke", flaky.toString());
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCode.TASK_FAILED.code());
        assertThat(first.out()).contains("Step FAILED: gateway timeout [timeout, retryable]");
        Cli.Run second = Cli.run("invoke", flaky.toString(), "--input", "{\"step\":{\"attempt\":2}}");
        assertThat(second.exitCode()).as(second.toString()).isZero();
    }

    @Test
    void timeoutLimitAppliesLocally() {
        Path spin = WatModules.write(dir, "spin.wasm", WatModules.spin());
        Cli.Run run = Cli.run("invoke", spin.toString(), "--timeout", "300ms", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED.code());
        JsonNode error = Json.parse(run.out(), "output").path("result").path("error");
        assertThat(error.path("error_type").asText()).isEqualTo("handler_timeout");
        assertThat(error.path("retryable").asBoolean()).isTrue();
    }

    @Test
    void memoryLimitAppliesLocally() {
        Path big = WatModules.write(dir, "big.wasm", WatModules.withInitialPages(64));
        assertThat(Cli.run("invoke", big.toString()).exitCode()).isZero();
        Cli.Run run = Cli.run("invoke", big.toString(), "--memory", "2");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("(MEMORY_TOO_LARGE)");
    }

    @Test
    void badInputsExitWithFiveNamingTheProblem() {
        Path echo = WatModules.write(dir, "echo.wasm", WatModules.echo());
        Cli.Run run = Cli.run("invoke", echo.toString(), "--input", "{\"task\": {");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("--input is not valid JSON at line 1");

        run = Cli.run("invoke", echo.toString(), "--input", "[1]");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("--input must be a JSON object");

        run = Cli.run("invoke", echo.toString(), "--input", "{\"contract_version\":2}");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("contract_version");

        run = Cli.run("invoke", echo.toString(), "--input", dir.resolve("nope.json").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("nope.json does not exist");

        Path library = WatModules.write(dir, "lib.wasm", WatModules.library());
        run = Cli.run("invoke", library.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("(MISSING_EXPORT)");
    }
}
