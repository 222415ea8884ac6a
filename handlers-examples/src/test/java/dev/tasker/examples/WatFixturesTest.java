package dev.tasker.examples;

import static dev.tasker.examples.Invocations.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepResult.Success;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The hand-written WAT fixtures ({@code wat/}), compiled here with Chicory's wabt and run by the runtime. */
class WatFixturesTest {

    @RegisterExtension
    static final HandlerHarness harness = new HandlerHarness();

    private static byte[] compile(String fixture) throws Exception {
        Path source = ExampleFiles.wat(fixture);
        return Wat2Wasm.parse(Files.readString(source, StandardCharsets.UTF_8));
    }

    @Test
    void echoReturnsTheInvocationItReceived() throws Exception {
        StepInvocation invocation = Invocations.step("echo")
                .context(json("{\"greeting\": \"héllo\", \"n\": [1, 2, 3]}"))
                .config(json("{\"mode\": \"test\"}"))
                .dependency("earlier", json("{\"value\": \"42\"}"))
                .build();

        Success echoed = (Success) harness.runModule(compile("wat_echo.wat"), invocation);

        assertThat(echoed.result()).isEqualTo(
                json(new String(ContractJson.writeInvocation(invocation), StandardCharsets.UTF_8)));
    }

    @Test
    void echoHandlesInvocationsLargerThanItsInitialMemory() throws Exception {
        String big = "x".repeat(200_000);
        StepInvocation invocation = Invocations.step("echo")
                .context(json("{\"blob\": \"" + big + "\"}")).build();

        Success echoed = (Success) harness.runModule(compile("wat_echo.wat"), invocation);

        assertThat(echoed.result().path("task").path("context").path("blob").asText()).isEqualTo(big);
    }

    @Test
    void constantAlwaysSucceedsWithFortyTwo() throws Exception {
        Success result = (Success) harness.runModule(compile("wat_constant.wat"), Invocations.step("any").build());

        assertThat(result.result()).isEqualTo(json("{\"value\": \"42\"}"));
    }
}
