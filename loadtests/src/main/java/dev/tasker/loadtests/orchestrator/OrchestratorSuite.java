package dev.tasker.loadtests.orchestrator;

import dev.tasker.loadtests.client.OrchestratorClient;
import dev.tasker.loadtests.pgmq.PgmqRawBenchmark;
import dev.tasker.loadtests.process.BenchDatabase;
import dev.tasker.loadtests.process.OrchestratorProcess;
import dev.tasker.loadtests.stats.ResultTable;
import dev.tasker.loadtests.stats.RunEnvironment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The orchestrator benchmark (issue 3): on a fresh PostgreSQL, one orchestrator child process with the no-op
 * workload deployed; then
 * <ol>
 *   <li>create-to-complete latency of linear-4 and diamond-4 tasks, one task at a time;</li>
 *   <li>sustained step throughput of many linear-4 tasks in flight;</li>
 *   <li>raw PGMQ send + read + delete rates on the same database, after the orchestrator benchmarks.</li>
 * </ol>
 * Prints a Markdown table, the overhead ratios and the targets (linear-4 p50 ≤ 50 ms, ≥ 500 steps/s).
 */
public final class OrchestratorSuite {

    /** Target: median create-to-complete latency of a linear-4 task, ms. */
    public static final double LINEAR4_P50_TARGET_MS = 50;
    /** Target: sustained workflow steps per second. */
    public static final double STEPS_PER_SEC_TARGET = 500;

    /**
     * @param jar             orchestrator {@code quarkus-run.jar}
     * @param jvmOptions      options of the orchestrator JVM
     * @param logDir          where the orchestrator's console log goes
     * @param warmup          unmeasured tasks per template before the latency runs
     * @param latencyTasks    measured tasks per template, one at a time
     * @param pollInterval    pause between polls of a task in the latency runs
     * @param throughputTasks linear-4 tasks created for the throughput run
     * @param creators        concurrent create requests in the throughput run
     * @param pgmqMessages    single PGMQ round trips measured
     * @param pgmqBatchSize   messages per PGMQ batch
     * @param pgmqBatches     PGMQ batches measured
     */
    public record Settings(Path jar, List<String> jvmOptions, Path logDir, int warmup, int latencyTasks,
                           Duration pollInterval, int throughputTasks, int creators, int pgmqMessages,
                           int pgmqBatchSize, int pgmqBatches) {
    }

    private final Settings settings;
    private final PrintStream out;

    /**
     * @param settings what to run
     * @param out      where progress and results are printed
     */
    public OrchestratorSuite(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs everything and prints the results.
     *
     * @throws Exception when PostgreSQL or the orchestrator cannot be started, or a benchmark fails
     */
    public void run() throws Exception {
        String runId = UUID.randomUUID().toString();
        out.println("# " + RunEnvironment.describe());
        out.println("# starting PostgreSQL (fresh data directory) and the orchestrator ("
                + settings.jar() + ")");
        try (BenchDatabase database = BenchDatabase.start();
             OrchestratorProcess orchestrator = OrchestratorProcess.start(settings.jar(), database,
                     settings.jvmOptions(), settings.logDir().resolve("orchestrator.log"))) {
            out.println("# orchestrator ready at " + orchestrator.baseUri() + ", log " + orchestrator.logFile());
            OrchestratorClient client = new OrchestratorClient(orchestrator.baseUri());
            BenchWorkload.deploy(client);

            TaskLatencyBenchmark latency = new TaskLatencyBenchmark(client, settings.pollInterval(),
                    Duration.ofSeconds(60));
            out.println("# latency: " + settings.warmup() + " warm-up + " + settings.latencyTasks()
                    + " measured tasks per template, one at a time");
            TaskLatencyBenchmark.Result linear = latency.run(BenchWorkload.Shape.LINEAR4, settings.warmup(),
                    settings.latencyTasks(), runId);
            TaskLatencyBenchmark.Result diamond = latency.run(BenchWorkload.Shape.DIAMOND4, settings.warmup(),
                    settings.latencyTasks(), runId);

            out.println("# throughput: " + settings.throughputTasks() + " linear-4 tasks, " + settings.creators()
                    + " concurrent creators");
            ThroughputBenchmark.Result throughput = new ThroughputBenchmark(client, Duration.ofMinutes(10))
                    .run(BenchWorkload.Shape.LINEAR4, settings.throughputTasks(), settings.creators(), runId);

            out.println("# raw PGMQ on the same database");
            PgmqRawBenchmark.Result pgmq;
            try (Connection connection = database.connect()) {
                pgmq = new PgmqRawBenchmark(connection).run(settings.pgmqMessages(), settings.pgmqBatchSize(),
                        settings.pgmqBatches());
            }
            report(linear, diamond, throughput, pgmq);
        }
    }

    private void report(TaskLatencyBenchmark.Result linear, TaskLatencyBenchmark.Result diamond,
                        ThroughputBenchmark.Result throughput, PgmqRawBenchmark.Result pgmq) {
        ResultTable table = new ResultTable("benchmark", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "rate");
        for (TaskLatencyBenchmark.Result r : List.of(linear, diamond)) {
            table.latencyRow(r.shape().label() + " create→complete, one at a time (client)", r.client(), "");
            table.latencyRow(r.shape().label() + " create→complete, one at a time (server)", r.server(), "");
        }
        table.latencyRow(throughput.shape().label() + " create→complete, " + throughput.tasks()
                        + " in flight (server)", throughput.taskLatency(),
                ResultTable.rate(throughput.steadyStepsPerSec(), "steps"));
        table.latencyRow("PGMQ send+read+delete, 1 message", pgmq.single(),
                ResultTable.rate(pgmq.singlePerSec(), "msgs"));
        table.latencyRow("PGMQ send_batch+read+delete, " + pgmq.batchSize() + " messages", pgmq.batch(),
                ResultTable.rate(pgmq.batchedPerSec(), "msgs"));
        out.println();
        out.print(table.render());
        out.println();
        out.println("Load average at the end: " + RunEnvironment.loadAverage() + ".");
        for (TaskLatencyBenchmark.Result r : List.of(linear, diamond)) {
            StringBuilder phases = new StringBuilder();
            r.stepPhaseMedianMs().forEach((phase, ms) -> phases.append(phases.isEmpty() ? "" : ", ")
                    .append(phase).append(' ').append(ResultTable.ms(ms)));
            out.printf(Locale.ROOT, "%s, one at a time: ms a step spends per phase (median over tasks of the mean "
                    + "over steps): %s.%n", r.shape().label(), phases);
        }
        out.printf(Locale.ROOT, "Throughput: %d steps (%d tasks) created in %.2f s (%.0f tasks/s); all complete "
                        + "%.2f s after the first created_at: %.0f steps/s overall, %.0f steps/s steady "
                        + "(10th-90th percentile of step completions), %.0f steps/s as observed by the client.%n",
                throughput.steps(), throughput.tasks(), throughput.createSeconds(),
                throughput.tasks() / throughput.createSeconds(), throughput.serverSeconds(),
                throughput.serverStepsPerSec(), throughput.steadyStepsPerSec(), throughput.clientStepsPerSec());
        out.printf(Locale.ROOT, "Overhead: a workflow step costs %.1f single PGMQ round trips (%.0f msgs/s ÷ %.0f "
                        + "steps/s) or %.1f batched messages (%.0f msgs/s ÷ %.0f steps/s).%n",
                pgmq.singlePerSec() / throughput.steadyStepsPerSec(), pgmq.singlePerSec(),
                throughput.steadyStepsPerSec(), pgmq.batchedPerSec() / throughput.steadyStepsPerSec(),
                pgmq.batchedPerSec(), throughput.steadyStepsPerSec());
        out.printf(Locale.ROOT, "Target linear-4 p50 ≤ %.0f ms: %s ms (client), %s ms (server): %s.%n",
                LINEAR4_P50_TARGET_MS, ResultTable.ms(linear.client().p50Ms()), ResultTable.ms(linear.server().p50Ms()),
                linear.client().p50Ms() <= LINEAR4_P50_TARGET_MS ? "met" : "MISSED");
        out.printf(Locale.ROOT, "Target ≥ %.0f steps/s: %.0f steps/s steady: %s.%n", STEPS_PER_SEC_TARGET,
                throughput.steadyStepsPerSec(),
                throughput.steadyStepsPerSec() >= STEPS_PER_SEC_TARGET ? "met" : "MISSED");
    }
}
