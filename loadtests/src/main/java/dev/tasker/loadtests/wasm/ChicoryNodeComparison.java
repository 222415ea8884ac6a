package dev.tasker.loadtests.wasm;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.loadtests.stats.LatencySummary;
import dev.tasker.loadtests.stats.ResultTable;
import dev.tasker.loadtests.stats.RunEnvironment;
import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.RuntimeConfig;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.StepResult;
import dev.tasker.runtime.module.ModuleValidationException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Chicory (Tasker's handler runtime, compiled mode) against Node's WASI (V8) on the same module and invocation
 * (issue 2): the handler-runtime JMH benchmark's handler, {@code handler-runtime/core/src/test/resources/wat/aggregate.wat}
 * (tokenizes the whole invocation), and its invocation, the 1,929-byte order invocation
 * {@code loadtests/node-wasi/order-invocation.json} (the bytes of {@code ContractJson.writeInvocation(
 * Fixtures.orderInvocation(18))} that {@code InvocationLatencyBenchmark} sends).
 *
 * <p>Both sides create a fresh instance per invocation, pass the invocation on stdin, read and parse the step
 * result, one invocation at a time: Chicory through {@link HandlerRuntime#execute} (maxConcurrency 1), Node through
 * {@code loadtests/node-wasi/bench.mjs} in a child process ({@code node --expose-gc}). Prints both latency
 * distributions and the ratio Chicory / Node of the p50 and p95 (below 1: Chicory is faster).
 */
public final class ChicoryNodeComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param projectDir Tasker checkout
     * @param node       Node 20+ executable
     * @param warmup     unmeasured invocations per engine
     * @param iterations measured invocations per engine
     * @param gcEvery    Node: force a garbage collection every this many invocations
     */
    public record Settings(Path projectDir, String node, int warmup, int iterations, int gcEvery) {
    }

    private final Settings settings;
    private final PrintStream out;

    /**
     * @param settings what to run
     * @param out      where progress and results are printed
     */
    public ChicoryNodeComparison(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs both engines and prints the comparison.
     *
     * @throws IOException                when a file cannot be read or written, or Node cannot be started
     * @throws ModuleValidationException  when the runtime rejects the module
     * @throws IllegalStateException      when a handler run fails or Node's output is not the expected JSON
     * @throws InterruptedException       when interrupted while waiting for Node
     */
    public void run() throws IOException, ModuleValidationException, InterruptedException {
        Path project = settings.projectDir();
        byte[] module = Wat2Wasm.parse(Files.readString(
                project.resolve("handler-runtime/core/src/test/resources/wat/aggregate.wat")));
        Path moduleFile = project.resolve("loadtests/target/node-wasi/aggregate.wasm");
        Files.createDirectories(moduleFile.getParent());
        Files.write(moduleFile, module);
        Path invocationFile = project.resolve("loadtests/node-wasi/order-invocation.json");
        byte[] invocation = Files.readAllBytes(invocationFile);

        out.println("# " + RunEnvironment.describe());
        out.printf(Locale.ROOT, "# aggregate.wat, %d-byte invocation: %d warm-up + %d measured invocations per engine%n",
                invocation.length, settings.warmup(), settings.iterations());
        LatencySummary chicory = chicory(module, invocation);
        JsonNode node = node(moduleFile, invocationFile);
        LatencySummary nodeSummary = new LatencySummary(node.path("count").asInt(), node.path("p50_ms").asDouble(),
                node.path("p95_ms").asDouble(), node.path("p99_ms").asDouble(), node.path("max_ms").asDouble(),
                node.path("mean_ms").asDouble());

        ResultTable table = new ResultTable("engine", "n", "p50 µs", "p95 µs", "p99 µs", "max µs", "mean µs");
        row(table, "Chicory 1.7.5 compiled (HandlerRuntime.execute), JDK " + Runtime.version().feature(), chicory);
        row(table, "Node " + node.path("node_version").asText() + " node:wasi", nodeSummary);
        out.println();
        out.print(table.render());
        out.println();
        out.println("Load average at the end: " + RunEnvironment.loadAverage() + ".");
        out.printf(Locale.ROOT, "Node per-invocation phases (means): set-up (files, WASI, instance) %s µs, run %s µs, "
                        + "collect %s µs.%n", ResultTable.us(node.path("setup_mean_ms").asDouble()),
                ResultTable.us(node.path("run_mean_ms").asDouble()),
                ResultTable.us(node.path("collect_mean_ms").asDouble()));
        out.printf(Locale.ROOT, "Ratio Chicory-compiled / Node: p50 %.2f, p95 %.2f (below 1: Chicory is faster).%n",
                chicory.p50Ms() / nodeSummary.p50Ms(), chicory.p95Ms() / nodeSummary.p95Ms());
    }

    private LatencySummary chicory(byte[] module, byte[] invocation) throws ModuleValidationException {
        try (HandlerRuntime runtime = new HandlerRuntime(RuntimeConfig.defaults().withMaxConcurrency(1))) {
            LoadedHandler handler = runtime.load(module);
            for (int i = 0; i < settings.warmup(); i++) {
                invokeChecked(runtime, handler, invocation);
            }
            long[] nanos = new long[settings.iterations()];
            for (int i = 0; i < nanos.length; i++) {
                long started = System.nanoTime();
                invokeChecked(runtime, handler, invocation);
                nanos[i] = System.nanoTime() - started;
            }
            return LatencySummary.ofNanos(nanos);
        }
    }

    private static void invokeChecked(HandlerRuntime runtime, LoadedHandler handler, byte[] invocation) {
        ExecutionOutcome outcome = runtime.execute(handler, invocation, null);
        if (!(outcome.result() instanceof StepResult.Success success)
                || success.result().path("bytes").asInt() != invocation.length) {
            throw new IllegalStateException("aggregate handler on Chicory did not succeed: "
                    + ContractJson.toJson(outcome.result()));
        }
    }

    private JsonNode node(Path moduleFile, Path invocationFile) throws IOException, InterruptedException {
        Path script = settings.projectDir().resolve("loadtests/node-wasi/bench.mjs");
        List<String> command = List.of(settings.node(), "--expose-gc", "--no-warnings", script.toString(),
                "--module", moduleFile.toString(), "--invocation", invocationFile.toString(),
                "--warmup", Integer.toString(settings.warmup()), "--iterations", Integer.toString(settings.iterations()),
                "--gc-every", Integer.toString(settings.gcEvery()), "--json");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int status = process.waitFor();
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with status " + status
                    + ", output: " + stdout);
        }
        JsonNode summary = JSON.readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
        if (summary.path("result").path("bytes").asInt() != Files.size(invocationFile)) {
            throw new IllegalStateException("aggregate handler on Node gave an unexpected result: " + summary);
        }
        return summary;
    }

    private static void row(ResultTable table, String engine, LatencySummary s) {
        table.row(engine, Integer.toString(s.count()), ResultTable.us(s.p50Ms()), ResultTable.us(s.p95Ms()),
                ResultTable.us(s.p99Ms()), ResultTable.us(s.maxMs()), ResultTable.us(s.meanMs()));
    }
}
