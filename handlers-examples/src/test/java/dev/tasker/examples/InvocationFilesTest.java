package dev.tasker.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample invocations in {@code invocations/} (the files the READMEs use with
 * {@code tasker invoke <file.wasm> --input <invocation.json>}): named {@code <handler>.<case>.json}, each is
 * a complete, valid step invocation, and its handler succeeds unless the case starts with {@code fail-}.
 */
class InvocationFilesTest {

    @RegisterExtension
    static final HandlerHarness harness = new HandlerHarness();

    static Stream<Path> invocationFiles() throws IOException {
        return Files.list(ExampleFiles.dir().resolve("invocations")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invocationFiles")
    void sampleInvocationRunsWithTheOutcomeItsNameSays(Path file) {
        String[] parts = file.getFileName().toString().split("\\.");
        assertThat(parts).as("file name <handler>.<case>.json").hasSize(3);
        StepInvocation invocation = ContractJson.readInvocation(ExampleFiles.read(file));

        StepResult result = harness.run(parts[0], invocation);

        assertThat(result.isSuccess()).as(file.getFileName() + " -> " + ContractJson.toJson(result))
                .isEqualTo(!parts[1].startsWith("fail-"));
    }
}
