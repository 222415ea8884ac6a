package dev.tasker.loadtests;

import dev.tasker.loadtests.orchestrator.OrchestratorSuite;
import dev.tasker.loadtests.scale.ScaleTest;
import dev.tasker.loadtests.wasm.ChicoryNodeComparison;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Command line of the on-demand benchmarks ({@code docs/benchmarks.md}). Run through
 * {@code loadtests/run-orchestrator-bench.sh} or {@code ./mvnw -Pbench -pl loadtests -am verify -DskipTests}.
 * Exit status 0 when the suite ran (targets missed are reported, not failed), 1 when it could not run.
 */
@Command(name = "tasker-bench", mixinStandardHelpOptions = true,
        description = "Tasker benchmarks: orchestrator latency/throughput vs raw PGMQ; Chicory vs Node WASI; scale-out check.",
        subcommands = {BenchMain.Orchestrator.class, BenchMain.Wasm.class, BenchMain.Scale.class})
public final class BenchMain {

    @Option(names = "--project-dir", defaultValue = ".",
            description = "Tasker checkout (holds orchestrator/ and loadtests/); default: ${DEFAULT-VALUE}")
    Path projectDir;

    /**
     * @param args a suite and its options, see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    System.err.println("benchmark failed: " + describe(e));
                    return 1;
                })
                .execute(args));
    }

    /** @return the exception's message followed by those of its causes */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append("\n  caused by: ").append(cause);
        }
        return text.toString();
    }

    /** Where and how orchestrator child processes run. */
    static final class OrchestratorProcessOptions {
        @Option(names = "--orchestrator-jar",
                description = "orchestrator quarkus-run.jar; default: <project-dir>/orchestrator/target/quarkus-app/quarkus-run.jar")
        Path jar;

        @Option(names = "--jvm-opt", split = ",", defaultValue = "-Xms256m,-Xmx1g",
                description = "options of the orchestrator JVM, comma separated; default: ${DEFAULT-VALUE}")
        List<String> jvmOptions;

        @Option(names = "--log-dir",
                description = "directory for orchestrator logs; default: <project-dir>/loadtests/target/bench-logs")
        Path logDir;

        Path jar(Path projectDir) {
            return jar != null ? jar : projectDir.resolve("orchestrator/target/quarkus-app/quarkus-run.jar");
        }

        Path logDir(Path projectDir) {
            return logDir != null ? logDir : projectDir.resolve("loadtests/target/bench-logs");
        }
    }

    @Command(name = "orchestrator", mixinStandardHelpOptions = true,
            description = "Create-to-complete latency (linear-4, diamond-4), step throughput and raw PGMQ rates.")
    static final class Orchestrator implements Callable<Integer> {
        @ParentCommand
        BenchMain main;

        @Mixin
        OrchestratorProcessOptions process;

        @Option(names = "--warmup-round-tasks", defaultValue = "500",
                description = "tasks in flight per JIT warm-up round (half linear-4, half diamond-4), run before "
                        + "anything is measured; default: ${DEFAULT-VALUE}")
        int warmupRoundTasks;

        @Option(names = "--warmup-jit-share", defaultValue = "0.05",
                description = "the JIT warm-up ends after a round in which the orchestrator's JIT compiler threads "
                        + "used less than this share of its CPU; default: ${DEFAULT-VALUE}")
        double warmupJitShare;

        @Option(names = "--warmup-max-rounds", defaultValue = "30",
                description = "JIT warm-up rounds at most; default: ${DEFAULT-VALUE}")
        int warmupMaxRounds;

        @Option(names = "--warmup", defaultValue = "20",
                description = "unmeasured tasks per template, one at a time, before the latency runs; "
                        + "default: ${DEFAULT-VALUE}")
        int warmup;

        @Option(names = "--tasks", defaultValue = "100",
                description = "measured tasks per template, one at a time; default: ${DEFAULT-VALUE}")
        int tasks;

        @Option(names = "--throughput-tasks", defaultValue = "500",
                description = "linear-4 tasks in the throughput run; default: ${DEFAULT-VALUE}")
        int throughputTasks;

        @Option(names = "--throughput-runs", defaultValue = "3",
                description = "throughput runs, one after the other; the target is judged on their median steady"
                        + " rate; default: ${DEFAULT-VALUE}")
        int throughputRuns;

        @Option(names = "--creators", defaultValue = "8",
                description = "concurrent create requests in the JIT warm-up and the throughput run; "
                        + "default: ${DEFAULT-VALUE}")
        int creators;

        @Option(names = "--pgmq-messages", defaultValue = "2000",
                description = "single PGMQ round trips; default: ${DEFAULT-VALUE}")
        int pgmqMessages;

        @Option(names = "--pgmq-batch-size", defaultValue = "100",
                description = "messages per PGMQ batch; default: ${DEFAULT-VALUE}")
        int pgmqBatchSize;

        @Option(names = "--pgmq-batches", defaultValue = "100", description = "PGMQ batches; default: ${DEFAULT-VALUE}")
        int pgmqBatches;

        @Option(names = "--top-statements", defaultValue = "0",
                description = "print the N statements PostgreSQL spent most time on in the throughput run "
                        + "(loads pg_stat_statements); default: ${DEFAULT-VALUE}")
        int topStatements;

        @Option(names = "--explain-slower-than", defaultValue = "-1", paramLabel = "<ms>",
                description = "log the plans of statements slower than this many ms, nested ones included "
                        + "(loads auto_explain; the log goes to <log-dir>/postgres/postgresql.log); default: off")
        int explainSlowerThanMs;

        @Override
        public Integer call() throws Exception {
            Path project = main.projectDir.toAbsolutePath().normalize();
            new OrchestratorSuite(new OrchestratorSuite.Settings(process.jar(project), process.jvmOptions,
                    process.logDir(project), warmupRoundTasks, warmupJitShare, warmupMaxRounds, warmup, tasks,
                    throughputTasks, throughputRuns, creators, pgmqMessages, pgmqBatchSize, pgmqBatches, topStatements,
                    explainSlowerThanMs),
                    System.out).run();
            return 0;
        }
    }

    @Command(name = "wasm", mixinStandardHelpOptions = true,
            description = "Per-invocation latency of the handler-runtime benchmark handler: Chicory compiled vs Node's WASI.")
    static final class Wasm implements Callable<Integer> {
        @ParentCommand
        BenchMain main;

        @Option(names = "--node", defaultValue = "node", description = "Node 20+ executable; default: ${DEFAULT-VALUE}")
        String node;

        @Option(names = "--warmup", defaultValue = "2000",
                description = "warm-up invocations per engine; default: ${DEFAULT-VALUE}")
        int warmup;

        @Option(names = "--iterations", defaultValue = "10000",
                description = "measured invocations per engine; default: ${DEFAULT-VALUE}")
        int iterations;

        @Option(names = "--gc-every", defaultValue = "200",
                description = "Node: force GC every this many invocations; default: ${DEFAULT-VALUE}")
        int gcEvery;

        @Override
        public Integer call() throws Exception {
            new ChicoryNodeComparison(new ChicoryNodeComparison.Settings(main.projectDir.toAbsolutePath().normalize(),
                    node, warmup, iterations, gcEvery), System.out).run();
            return 0;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true,
            description = "Several orchestrators on one PostgreSQL: every task and step must run exactly once. "
                    + "Exit status 2 when the check fails.")
    static final class Scale implements Callable<Integer> {
        @ParentCommand
        BenchMain main;

        @Mixin
        OrchestratorProcessOptions process;

        @Option(names = "--instances", defaultValue = "3", description = "orchestrator instances; default: ${DEFAULT-VALUE}")
        int instances;

        @Option(names = "--tasks", defaultValue = "400",
                description = "tasks, alternately linear-4 and diamond-4; default: ${DEFAULT-VALUE}")
        int tasks;

        @Option(names = "--creators", defaultValue = "6",
                description = "concurrent create requests; default: ${DEFAULT-VALUE}")
        int creators;

        @Override
        public Integer call() throws Exception {
            Path project = main.projectDir.toAbsolutePath().normalize();
            boolean exactlyOnce = new ScaleTest(new ScaleTest.Settings(process.jar(project), process.jvmOptions,
                    process.logDir(project), instances, tasks, creators), System.out).run();
            return exactlyOnce ? 0 : 2;
        }
    }
}
