package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.local.InvocationDefaults;
import dev.tasker.cli.local.ModuleFiles;
import dev.tasker.cli.options.HandlerLimitOptions;
import dev.tasker.cli.options.JsonInput;
import dev.tasker.cli.options.OutputOption;
import dev.tasker.cli.output.Formats;
import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.RuntimeConfig;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepResult;
import dev.tasker.runtime.module.ModuleValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tasker invoke <file.wasm> --input <invocation.json|->}: runs a handler once, locally, in the handler
 * runtime (Chicory), under the same limits {@code tasker deploy} stores, and prints the step result, the
 * handler's stderr and the timing. Needs no orchestrator.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a WASM step handler locally once and print its step result, stderr and timing.",
                "Compiled code is cached in ~/.tasker/compile-cache, so later runs of the same module start fast.",
                "The input is a step invocation (DESIGN §2); missing fields get defaults (contract_version 1, random "
                        + "uuids, attempt 1, empty context, config and dependency_results), so {\"task\":{\"context\":{...}}} "
                        + "is enough. No orchestrator needed. Exit code 0 when the step succeeded, 1 when it returned "
                        + "(or the host produced) a failure."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tasker invoke order_validate.wasm --input '{\"task\":{\"context\":{\"order_id\":\"A-1\",\"items\":[]}}}'",
                "  ./tasker invoke order_validate.wasm --context @handlers-examples/contexts/order-ok.json",
                "  ./tasker invoke order_validate.wasm --input invocation.json --memory 32 --timeout 2s",
                "  echo '{\"step\":{\"attempt\":2}}' | ./tasker invoke flaky.wasm --input - -o json"})
public final class InvokeCommand implements Callable<Integer> {

    /**
     * Compiled handler code is kept here between runs (the handler runtime's on-disk compile cache): system property
     * {@code tasker.compile-cache}, default {@code ~/.tasker/compile-cache}.
     */
    static final Path COMPILE_CACHE = Path.of(System.getProperty("tasker.compile-cache",
            Path.of(System.getProperty("user.home"), ".tasker", "compile-cache").toString()));

    @Parameters(index = "0", paramLabel = "<file.wasm>", description = "The compiled module (WASI preview1 command).")
    private Path file;

    @Option(names = {"-i", "--input"}, paramLabel = "<invocation.json|json|->", defaultValue = "{}",
            description = "Step invocation, complete or partial: a file, inline JSON, or - for stdin. Default: {}.")
    private String input;

    @Option(names = {"-c", "--context"}, paramLabel = "<json|@file|->",
            description = "Task context to put in task.context (inline JSON, @file, or - for stdin); replaces any "
                    + "context given in --input.")
    private String context;

    @Mixin
    private HandlerLimitOptions limits;

    @Option(names = "--interpreter", description = "Run in Chicory's interpreter instead of compiling to JVM bytecode.")
    private boolean interpreter;

    @Mixin
    private OutputOption output;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        byte[] bytes = JsonInput.readBytes(file, "<file.wasm>");
        ObjectNode invocationJson = InvocationDefaults.complete(JsonInput.read(input, "--input"), stepName());
        if (context != null && invocationJson.get("task") instanceof ObjectNode task) {
            task.set("context", JsonInput.read(context, "--context"));
        }
        StepInvocation invocation = parseInvocation(invocationJson);
        RuntimeLimits runtimeLimits = limits.applyTo(RuntimeLimits.defaults());
        RuntimeConfig config = new RuntimeConfig(runtimeLimits, 1, COMPILE_CACHE, !interpreter);
        try (HandlerRuntime runtime = new HandlerRuntime(config)) {
            long loadStart = System.nanoTime();
            LoadedHandler handler = runtime.load(bytes);
            long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
            ExecutionOutcome outcome = runtime.execute(handler, invocation, runtimeLimits);
            report(handler, outcome, loadMs);
            return (outcome.result() instanceof StepResult.Success ? ExitCode.OK : ExitCode.TASK_FAILED).code();
        } catch (ModuleValidationException e) {
            throw ModuleFiles.invalid(file, e);
        }
    }

    private static String loadSteps(LoadedHandler.CodeSource source) {
        return switch (source) {
            case COMPILED_NOW -> "validate + compile; cached in " + COMPILE_CACHE;
            case DISK_CACHE -> "validate + compiled code from " + COMPILE_CACHE;
            case BUILD_TIME -> "validate + build-time compiled code";
            case NOT_COMPILED -> "validate";
        };
    }

    private String stepName() {
        String fileName = file.getFileName().toString();
        return fileName.endsWith(".wasm") ? fileName.substring(0, fileName.length() - ".wasm".length()) : fileName;
    }

    private static StepInvocation parseInvocation(ObjectNode json) {
        try {
            return ContractJson.readInvocation(Json.compact(json).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "--input: " + e.getMessage()
                    + " (see the handler contract in docs/cli.md)", e);
        }
    }

    private void report(LoadedHandler handler, ExecutionOutcome outcome, long loadMs) {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode result = ContractJson.toJson(outcome.result());
        if (output.json()) {
            ObjectNode summary = Json.object()
                    .put("module", file.toString())
                    .put("digest", handler.digest())
                    .put("execution_mode", outcome.mode().name().toLowerCase())
                    .put("code_source", handler.codeSource().name().toLowerCase())
                    .put("load_time_ms", loadMs)
                    .put("execution_time_ms", outcome.executionTimeMs())
                    .put("success", outcome.result() instanceof StepResult.Success)
                    .put("stderr", outcome.stderr());
            summary.set("result", result);
            out.println(Json.pretty(summary));
            out.flush();
            return;
        }
        String verdict = outcome.result() instanceof StepResult.Failure failure
                ? "FAILED: " + failure.error().message() + " [" + failure.error().errorType()
                        + (failure.error().retryable() ? ", retryable" : ", not retryable") + "]"
                : "succeeded";
        out.println("Step " + verdict);
        out.println();
        out.println("Step result:");
        out.println(Json.pretty(result));
        out.println();
        String stderr = outcome.stderr() == null ? "" : outcome.stderr().stripTrailing();
        out.println("Handler stderr:" + (stderr.isEmpty() ? " (empty)" : ""));
        stderr.lines().forEach(line -> out.println("  " + line));
        out.println();
        out.println("Timing: load " + Formats.millis(loadMs) + " (" + loadSteps(handler.codeSource()) + "), run "
                + Formats.millis(outcome.executionTimeMs()) + " (" + outcome.mode().name().toLowerCase() + ")");
        out.println("Module: " + file + "  " + handler.digest());
        out.flush();
    }
}
