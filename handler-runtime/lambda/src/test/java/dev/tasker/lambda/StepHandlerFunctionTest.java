package dev.tasker.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.runtime.contract.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function in-process, hosting the packaged example module (target/classes: {@code tasker/handler.wasm}
 * and its build-time compiled classes). The Lambda path (RIC, Runtime API) is covered by
 * {@link StepHandlerFunctionIT}.
 */
class StepHandlerFunctionTest {

    private static final long PLENTY_OF_TIME_MS = 60_000;

    @Test
    void packagedModuleRunsBuildTimeCompiled() {
        var function = new StepHandlerFunction(FunctionConfig.fromEnvironment(Map.of()));

        StepResult result = function.execute(StepInvocations.forExampleHandler("echo", "in process"), () -> PLENTY_OF_TIME_MS);

        assertThat(result).isInstanceOfSatisfying(StepResult.Success.class,
                success -> assertThat(success.result().get("echo").asText()).isEqualTo("in process"));
        assertThat(result.metadata().get("execution_mode").asText()).isEqualTo("build_time_compiled");
    }

    @Test
    void compileOffRunsThePackagedModuleInTheInterpreter() {
        var function = new StepHandlerFunction(FunctionConfig.fromEnvironment(Map.of("TASKER_COMPILE", "false")));

        StepResult result = function.execute(StepInvocations.forExampleHandler("echo", "slowly"), () -> PLENTY_OF_TIME_MS);

        assertThat(result.metadata().get("execution_mode").asText()).isEqualTo("interpreted");
        assertThat(result).isInstanceOf(StepResult.Success.class);
    }

    @Test
    void timeoutIsCutToTheRemainingLambdaTimeMinusTheMargin() {
        var function = new StepHandlerFunction(FunctionConfig.fromEnvironment(Map.of(
                "TASKER_TIMEOUT_MS", "30000", "TASKER_DEADLINE_MARGIN_MS", "500")));

        StepResult result = function.execute(StepInvocations.forExampleHandler("loop", ""), () -> 900);

        assertThat(result).isInstanceOfSatisfying(StepResult.Failure.class, failure -> {
            assertThat(failure.error().errorType()).isEqualTo("handler_timeout");
            assertThat(failure.error().retryable()).isTrue();
        });
        assertThat(result.metadata().get("execution_time_ms").asLong()).as("cut from 30 s to about 400 ms").isBetween(300L, 5_000L);
    }

    @Test
    void noTimeLeftBeforeTheDeadlineFailsWithoutRunningTheHandler() {
        var function = new StepHandlerFunction(FunctionConfig.fromEnvironment(Map.of("TASKER_DEADLINE_MARGIN_MS", "500")));

        StepResult result = function.execute(StepInvocations.forExampleHandler("echo", "late"), () -> 300);

        assertThat(result).isInstanceOfSatisfying(StepResult.Failure.class, failure -> {
            assertThat(failure.error().errorType()).isEqualTo("handler_timeout");
            assertThat(failure.error().retryable()).isTrue();
            assertThat(failure.error().message()).contains("300 ms away").contains("TASKER_DEADLINE_MARGIN_MS");
        });
        assertThat(result.metadata().get("execution_time_ms").asLong()).isZero();
        assertThat(result.metadata().get("module_digest").asText()).startsWith("sha256:");
    }

    @Test
    void eventThatIsNotAStepInvocationIsAnInvalidInvocationFailure() {
        var function = new StepHandlerFunction(FunctionConfig.fromEnvironment(Map.of()));

        StepResult result = function.execute("{\"contract_version\":1,\"task\":{}}".getBytes(), () -> PLENTY_OF_TIME_MS);

        assertThat(result).isInstanceOfSatisfying(StepResult.Failure.class, failure -> {
            assertThat(failure.error().errorType()).isEqualTo(StepHandlerFunction.INVALID_INVOCATION);
            assertThat(failure.error().retryable()).isFalse();
            assertThat(failure.error().message()).startsWith("invalid step invocation");
        });
    }

    @Test
    void moduleFileThatIsNotWebAssemblyFailsInitNamingTheFileAndReason(@TempDir Path dir) throws IOException {
        Path notWasm = Files.writeString(dir.resolve("handler.wasm"), "#!/bin/sh\necho not wasm\n");

        assertThatThrownBy(() -> new StepHandlerFunction(FunctionConfig.fromEnvironment(
                Map.of("TASKER_HANDLER_MODULE", notWasm.toString()))))
                .isInstanceOf(FunctionInitException.class)
                .hasMessageContaining("TASKER_HANDLER_MODULE=" + notWasm)
                .hasMessageContaining("NOT_WEBASSEMBLY");
    }

    @Test
    void moduleLargerThanTheConfiguredLimitFailsInit() {
        assertThatThrownBy(() -> new StepHandlerFunction(FunctionConfig.fromEnvironment(
                Map.of("TASKER_MAX_MODULE_BYTES", "100"))))
                .isInstanceOf(FunctionInitException.class)
                .hasMessageContaining(HostedModule.MODULE_RESOURCE)
                .hasMessageContaining("MODULE_TOO_LARGE");
    }
}
