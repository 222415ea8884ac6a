package dev.tasker.loadtests.orchestrator;

import dev.tasker.loadtests.client.OrchestratorClient;
import dev.tasker.loadtests.pgmq.PgmqRawBenchmark;
import dev.tasker.loadtests.process.BenchDatabase;
import dev.tasker.loadtests.process.CpuTime;
import dev.tasker.loadtests.process.OrchestratorProcess;
import dev.tasker.loadtests.process.StatementStats;
import dev.tasker.loadtests.process.WalActivity;
import dev.tasker.loadtests.stats.CpuClock;
import dev.tasker.loadtests.stats.JitCpuShare;
import dev.tasker.loadtests.stats.ResultTable;
import dev.tasker.loadtests.stats.RunEnvironment;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The orchestrator benchmark (issue 3): on a fresh PostgreSQL, one orchestrator child process with the no-op
 * workload deployed; then
 * <ol>
 *   <li>a JIT warm-up ({@link JitWarmUp}): rounds of tasks in flight until the orchestrator's JIT compiler threads
 *       use less than a given share of its CPU, so that what follows measures a warm JVM;</li>
 *   <li>create-to-complete latency of linear-4 and diamond-4 tasks, one task at a time;</li>
 *   <li>sustained step throughput of many linear-4 tasks in flight;</li>
 *   <li>raw PGMQ send + read + delete rates on the same database, after the orchestrator benchmarks.</li>
 * </ol>
 * Prints a Markdown table, the JIT compiler threads' CPU time during the latency and throughput runs, the overhead
 * ratios and the targets (linear-4 p50 ≤ 50 ms, ≥ 500 steps/s).
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
     * @param warmupRoundTasks tasks in flight per JIT warm-up round, half linear-4 and half diamond-4
     * @param warmupJitShare  the JIT warm-up ends after a round in which the orchestrator's JIT compiler threads used
     *                        less than this share (0-1) of its CPU time
     * @param warmupMaxRounds JIT warm-up rounds at most
     * @param warmup          unmeasured tasks per template, one at a time, before the latency runs
     * @param latencyTasks    measured tasks per template, one at a time
     * @param throughputTasks linear-4 tasks created for each throughput run
     * @param throughputRuns  throughput runs one after the other; the target is judged on their median steady rate,
     *                        the detailed report (phases, CPU, WAL, statements) is the last run's
     * @param creators        concurrent create requests in the JIT warm-up and the throughput run
     * @param pgmqMessages    single PGMQ round trips measured
     * @param pgmqBatchSize   messages per PGMQ batch
     * @param pgmqBatches     PGMQ batches measured
     * @param topStatements   print this many statements PostgreSQL spent most time on during the throughput run
     *                        ({@code pg_stat_statements}); 0 leaves the extension out
     * @param explainSlowerThanMs log the plans of statements slower than this many ms ({@code auto_explain},
     *                        nested statements included) to {@code <logDir>/postgres/postgresql.log}; negative: off
     */
    public record Settings(Path jar, List<String> jvmOptions, Path logDir, int warmupRoundTasks,
                           double warmupJitShare, int warmupMaxRounds, int warmup, int latencyTasks,
                           int throughputTasks, int throughputRuns, int creators, int pgmqMessages, int pgmqBatchSize, int pgmqBatches,
                           int topStatements, int explainSlowerThanMs) {
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
        BenchDatabase.Diagnostics diagnostics = new BenchDatabase.Diagnostics(settings.topStatements() > 0,
                settings.explainSlowerThanMs(), settings.logDir().resolve("postgres"));
        if (settings.explainSlowerThanMs() >= 0) {
            out.println("# auto_explain: plans of statements slower than " + settings.explainSlowerThanMs()
                    + " ms (nested ones included) go to " + diagnostics.logDir().resolve("postgresql.log"));
        }
        try (BenchDatabase database = BenchDatabase.start(diagnostics);
             OrchestratorProcess orchestrator = OrchestratorProcess.start(settings.jar(), database,
                     settings.jvmOptions(), settings.logDir().resolve("orchestrator.log"))) {
            out.println("# orchestrator ready at " + orchestrator.baseUri() + ", log " + orchestrator.logFile());
            OrchestratorClient client = new OrchestratorClient(orchestrator.baseUri());
            BenchWorkload.deploy(client);
            List<ProcessHandle> orchestratorProcess = List.of(orchestrator.handle());
            List<ProcessHandle> postgres = List.of(database.postmaster());
            CpuClock orchestratorCpu = () -> CpuTime.treesNanos(orchestratorProcess);
            CpuClock orchestratorJitCpu = CpuTime.compilerThreads(orchestrator.handle());

            JitWarmUp.Result warmUp = warmUp(client, orchestratorCpu, orchestratorJitCpu, runId);

            JitCpuShare.Start latencyStart = JitCpuShare.start(orchestratorCpu, orchestratorJitCpu);
            TaskLatencyBenchmark latency = new TaskLatencyBenchmark(client, Duration.ofSeconds(60));
            out.println("# latency: " + settings.warmup() + " warm-up + " + settings.latencyTasks()
                    + " measured tasks per template, one at a time");
            TaskLatencyBenchmark.Result linear = latency.run(BenchWorkload.Shape.LINEAR4, settings.warmup(),
                    settings.latencyTasks(), runId);
            TaskLatencyBenchmark.Result diamond = latency.run(BenchWorkload.Shape.DIAMOND4, settings.warmup(),
                    settings.latencyTasks(), runId);
            JitCpuShare latencyCpu = latencyStart.end();

            ThroughputBenchmark throughputRun = new ThroughputBenchmark(client, Duration.ofMinutes(10),
                    orchestratorCpu, orchestratorJitCpu, () -> CpuTime.treesNanos(postgres));
            List<ThroughputBenchmark.Result> runs = new ArrayList<>();
            WalActivity wal = null;
            List<StatementStats.Entry> statements = new ArrayList<>();
            for (int run = 1; run <= settings.throughputRuns(); run++) {
                out.println("# throughput: " + settings.throughputTasks() + " linear-4 tasks, " + settings.creators()
                        + " concurrent creators (run " + run + " of " + settings.throughputRuns() + ")");
                List<WalActivity> walAtEnd = new ArrayList<>();
                statements.clear();
                try (Connection stats = database.connect()) {
                    if (settings.topStatements() > 0) {
                        StatementStats.reset(stats);
                    }
                    WalActivity walAtStart = WalActivity.read(stats);
                    runs.add(throughputRun.run(BenchWorkload.Shape.LINEAR4, settings.throughputTasks(),
                            settings.creators(), runId + "-" + run, () -> {
                                walAtEnd.add(wal(stats));
                                if (settings.topStatements() > 0) {
                                    statements.addAll(top(stats));
                                }
                            }));
                    wal = walAtEnd.getFirst().since(walAtStart);
                }
                out.println("# " + summary(runs.getLast()));
            }
            ThroughputBenchmark.Result throughput = runs.getLast();

            out.println("# raw PGMQ on the same database");
            PgmqRawBenchmark.Result pgmq;
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            CpuClock postgresAndClient = () -> {
                OptionalLong postgresNanos = CpuTime.treesNanos(postgres);
                long clientNanos = threads.getCurrentThreadCpuTime();
                return postgresNanos.isPresent() && clientNanos >= 0
                        ? OptionalLong.of(postgresNanos.getAsLong() + clientNanos) : OptionalLong.empty();
            };
            try (Connection connection = database.connect()) {
                pgmq = new PgmqRawBenchmark(connection, postgresAndClient).run(settings.pgmqMessages(),
                        settings.pgmqBatchSize(), settings.pgmqBatches());
            }
            report(warmUp, latencyCpu, linear, diamond, throughput, wal, pgmq);
            reportRuns(runs);
            reportStatements(statements, throughput.steps());
        }
    }

    private JitWarmUp.Result warmUp(OrchestratorClient client, CpuClock orchestratorCpu, CpuClock orchestratorJitCpu,
                                    String runId) {
        out.printf(Locale.ROOT, "# JIT warm-up: rounds of %d tasks in flight (half linear-4, half diamond-4, %d "
                        + "concurrent creators) until the orchestrator's JIT compiler threads use < %.1f %% of its CPU "
                        + "in a round, %d rounds at most%n", settings.warmupRoundTasks(), settings.creators(),
                settings.warmupJitShare() * 100, settings.warmupMaxRounds());
        JitWarmUp.Result result = new JitWarmUp(client, Duration.ofMinutes(10), orchestratorCpu, orchestratorJitCpu)
                .run(settings.warmupRoundTasks(), settings.warmupJitShare(), settings.warmupMaxRounds(),
                        settings.creators(), runId, round -> out.printf(Locale.ROOT,
                                "# JIT warm-up round %d: %d tasks in %.1f s, orchestrator %s%n", round.number(),
                                round.tasks(), round.seconds(), round.cpu().describe()));
        out.println("# JIT warm-up " + warmUpOutcome(result));
        return result;
    }

    private String warmUpOutcome(JitWarmUp.Result warmUp) {
        int rounds = warmUp.rounds().size();
        if (warmUp.settled()) {
            return String.format(Locale.ROOT, "settled after %d round(s) of %d tasks (JIT compiler threads < %.1f %% "
                    + "of the orchestrator's CPU in the last)", rounds, settings.warmupRoundTasks(),
                    settings.warmupJitShare() * 100);
        }
        if (!warmUp.rounds().getLast().cpu().known()) {
            return String.format(Locale.ROOT, "ran 1 round of %d tasks: the JIT compiler threads' CPU time is "
                    + "unknown (/proc not readable), so whether it settled is unknown", settings.warmupRoundTasks());
        }
        return String.format(Locale.ROOT, "did NOT settle: %d rounds of %d tasks, the JIT compiler threads still "
                + "used ≥ %.1f %% of the orchestrator's CPU", rounds, settings.warmupRoundTasks(),
                settings.warmupJitShare() * 100);
    }

    private static WalActivity wal(Connection connection) {
        try {
            return WalActivity.read(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_wal: " + e.getMessage(), e);
        }
    }

    private List<StatementStats.Entry> top(Connection connection) {
        try {
            return StatementStats.top(connection, settings.topStatements());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_statements: " + e.getMessage(), e);
        }
    }

    private void reportStatements(List<StatementStats.Entry> statements, int steps) {
        if (statements.isEmpty()) {
            return;
        }
        ResultTable table = new ResultTable("calls", "per step", "total ms", "mean ms", "rows/call", "statement");
        for (StatementStats.Entry e : statements) {
            String query = e.query().length() > 140 ? e.query().substring(0, 137) + "..." : e.query();
            table.row(Long.toString(e.calls()), String.format(Locale.ROOT, "%.2f", (double) e.calls() / steps),
                    ResultTable.ms(e.totalMs()), String.format(Locale.ROOT, "%.3f", e.meanMs()),
                    String.format(Locale.ROOT, "%.1f", e.rowsPerCall()), query.replace("|", "\\|"));
        }
        out.println();
        out.println("Statements PostgreSQL spent most time executing during the throughput run (pg_stat_statements):");
        out.println();
        out.print(table.render());
    }

    private static String phases(Map<String, Double> medians) {
        StringBuilder text = new StringBuilder();
        medians.forEach((phase, ms) -> text.append(text.isEmpty() ? "" : ", ").append(phase).append(' ')
                .append(ResultTable.ms(ms)));
        return text.toString();
    }

    private void report(JitWarmUp.Result warmUp, JitCpuShare latencyCpu, TaskLatencyBenchmark.Result linear, TaskLatencyBenchmark.Result diamond,
                        ThroughputBenchmark.Result throughput, WalActivity wal, PgmqRawBenchmark.Result pgmq) {
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
        out.println("JIT: the warm-up " + warmUpOutcome(warmUp) + ". The orchestrator in the latency runs (their "
                + "warm-up tasks included): " + latencyCpu.describe() + "; in the throughput run: "
                + throughput.orchestrator().describe() + ".");
        out.println("Milliseconds a step spends per phase (median over tasks of the mean over the task's steps):");
        for (TaskLatencyBenchmark.Result r : List.of(linear, diamond)) {
            out.printf(Locale.ROOT, "- %s, one at a time: %s.%n", r.shape().label(), phases(r.stepPhaseMedianMs()));
        }
        out.printf(Locale.ROOT, "- %s, %d in flight (every 10th task): %s.%n", throughput.shape().label(),
                throughput.tasks(), phases(throughput.stepPhaseMedianMs()));
        out.printf(Locale.ROOT, "Throughput: %d steps (%d tasks) created in %.2f s (%.0f tasks/s); all complete "
                        + "%.2f s after the first created_at: %.0f steps/s overall, %.0f steps/s steady "
                        + "(10th-90th percentile of step completions), %.0f steps/s as observed by the client.%n",
                throughput.steps(), throughput.tasks(), throughput.createSeconds(),
                throughput.tasks() / throughput.createSeconds(), throughput.serverSeconds(),
                throughput.serverStepsPerSec(), throughput.steadyStepsPerSec(), throughput.clientStepsPerSec());
        if (throughput.serverCpu() != null) {
            double stepsPerCpuSecond = throughput.steps() / (throughput.serverCpu().toNanos() / 1e9);
            out.printf(Locale.ROOT, "CPU: the orchestrator used %.1f CPU-s and PostgreSQL %.1f CPU-s for the %d steps: "
                            + "%.0f steps per CPU-second, %.2f CPU-ms per step (%.2f orchestrator, %.2f PostgreSQL); "
                            + "about %.0f steps/s if they had the %d cores to themselves.%n",
                    throughput.orchestratorCpu().toNanos() / 1e9, throughput.databaseCpu().toNanos() / 1e9,
                    throughput.steps(), stepsPerCpuSecond, 1000 / stepsPerCpuSecond,
                    throughput.orchestratorCpu().toNanos() / 1e6 / throughput.steps(),
                    throughput.databaseCpu().toNanos() / 1e6 / throughput.steps(),
                    stepsPerCpuSecond * Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors());
        }
        out.println("WAL during the throughput run: " + wal.describePer(throughput.steps()) + ".");
        if (pgmq.singleCpu() != null && pgmq.batchedCpu() != null) {
            out.printf(Locale.ROOT, "CPU per PGMQ message (PostgreSQL + JDBC client thread): %.3f ms single, %.3f ms "
                            + "batched.%n", pgmq.singleCpu().toNanos() / 1e6 / pgmq.single().count(),
                    pgmq.batchedCpu().toNanos() / 1e6 / (pgmq.batch().count() * pgmq.batchSize()));
        }
        out.printf(Locale.ROOT, "Overhead by rate: a workflow step takes as long as %.1f single PGMQ round trips "
                        + "(%.0f msgs/s ÷ %.0f steps/s) or %.1f batched messages (%.0f msgs/s ÷ %.0f steps/s).%n",
                pgmq.singlePerSec() / throughput.steadyStepsPerSec(), pgmq.singlePerSec(),
                throughput.steadyStepsPerSec(), pgmq.batchedPerSec() / throughput.steadyStepsPerSec(),
                pgmq.batchedPerSec(), throughput.steadyStepsPerSec());
        if (throughput.serverCpu() != null && pgmq.singleCpu() != null) {
            double stepCpuMs = throughput.serverCpu().toNanos() / 1e6 / throughput.steps();
            double messageCpuMs = pgmq.singleCpu().toNanos() / 1e6 / pgmq.single().count();
            out.printf(Locale.ROOT, "Overhead by CPU: a workflow step costs as much CPU as %.1f single PGMQ round "
                    + "trips (%.2f ms ÷ %.3f ms).%n", stepCpuMs / messageCpuMs, stepCpuMs, messageCpuMs);
        }
        out.printf(Locale.ROOT, "Target linear-4 p50 ≤ %.0f ms: %s ms (client), %s ms (server): %s.%n",
                LINEAR4_P50_TARGET_MS, ResultTable.ms(linear.client().p50Ms()), ResultTable.ms(linear.server().p50Ms()),
                linear.client().p50Ms() <= LINEAR4_P50_TARGET_MS ? "met" : "MISSED");
    }

    /** One line per throughput run: steady and overall steps/s, CPU-ms per step (orchestrator + PostgreSQL). */
    static String summary(ThroughputBenchmark.Result run) {
        String cpu = run.serverCpu() == null ? "CPU unknown" : String.format(Locale.ROOT,
                "%.2f CPU-ms per step (%.2f orchestrator, %.2f PostgreSQL)",
                run.serverCpu().toNanos() / 1e6 / run.steps(), run.orchestratorCpu().toNanos() / 1e6 / run.steps(),
                run.databaseCpu().toNanos() / 1e6 / run.steps());
        return String.format(Locale.ROOT, "%.0f steps/s steady, %.0f overall, %s", run.steadyStepsPerSec(),
                run.serverStepsPerSec(), cpu);
    }

    /** The throughput runs side by side and the target, judged on their median steady rate. */
    private void reportRuns(List<ThroughputBenchmark.Result> runs) {
        List<Double> steady = runs.stream().map(ThroughputBenchmark.Result::steadyStepsPerSec).toList();
        List<Double> overall = runs.stream().map(ThroughputBenchmark.Result::serverStepsPerSec).toList();
        out.printf(Locale.ROOT, "Throughput runs (%d, the details above are the last one's): steady %s steps/s, "
                        + "median %.0f; overall %s, median %.0f.%n", runs.size(), rates(steady), median(steady),
                rates(overall), median(overall));
        out.printf(Locale.ROOT, "Target ≥ %.0f steps/s: %.0f steps/s steady (median of %d runs): %s.%n",
                STEPS_PER_SEC_TARGET, median(steady), runs.size(),
                median(steady) >= STEPS_PER_SEC_TARGET ? "met" : "MISSED");
    }

    private static String rates(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * @param values at least one value
     * @return the middle value, or the mean of the two middle ones for an even count
     */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
