package dev.tasker.loadtests.scale;

import dev.tasker.loadtests.client.OrchestratorClient;
import dev.tasker.loadtests.orchestrator.BenchWorkload;
import dev.tasker.loadtests.orchestrator.CompletionWaiter;
import dev.tasker.loadtests.orchestrator.ConcurrentCreates;
import dev.tasker.loadtests.process.BenchDatabase;
import dev.tasker.loadtests.process.OrchestratorProcess;
import dev.tasker.loadtests.stats.ResultTable;
import dev.tasker.loadtests.stats.RunEnvironment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Scale-out check (DESIGN §5): several orchestrator instances share one PostgreSQL and claim work with
 * {@code SKIP LOCKED}, no leader. Creates linear-4 and diamond-4 tasks alternately through every instance's REST
 * API, waits until all are complete, then verifies in the database that every task and workflow step ran exactly
 * once ({@link ExactlyOnceCheck}) and, from each instance's {@code tasker_steps_executed_total} counter, that the
 * handlers ran once per step in total (and how the work spread over the instances). Prints the step rate and the
 * check's counts.
 */
public final class ScaleTest {

    /**
     * @param jar        orchestrator {@code quarkus-run.jar}
     * @param jvmOptions options of every orchestrator JVM
     * @param logDir     where the orchestrators' logs go ({@code orchestrator-<n>.log})
     * @param instances  orchestrator instances, at least 2
     * @param tasks      tasks created, alternately linear-4 and diamond-4
     * @param creators   concurrent create requests
     */
    public record Settings(Path jar, List<String> jvmOptions, Path logDir, int instances, int tasks, int creators) {
    }

    private static final BenchWorkload.Shape[] SHAPES = BenchWorkload.Shape.values();

    private final Settings settings;
    private final PrintStream out;

    /**
     * @param settings what to run
     * @param out      where progress and results are printed
     */
    public ScaleTest(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs the test.
     *
     * @return true when every task and step ran exactly once
     * @throws Exception when PostgreSQL or an orchestrator cannot be started, or tasks do not complete
     */
    public boolean run() throws Exception {
        if (settings.instances() < 2) {
            throw new IllegalArgumentException("a scale test needs at least 2 instances, got " + settings.instances());
        }
        String runId = UUID.randomUUID().toString();
        List<OrchestratorProcess> instances = new ArrayList<>();
        out.println("# " + RunEnvironment.describe());
        out.println("# starting PostgreSQL (fresh data directory) and " + settings.instances() + " orchestrators");
        try (BenchDatabase database = BenchDatabase.start()) {
            try {
                for (int i = 1; i <= settings.instances(); i++) {
                    instances.add(OrchestratorProcess.start(settings.jar(), database, settings.jvmOptions(),
                            settings.logDir().resolve("orchestrator-" + i + ".log")));
                    out.println("# orchestrator " + i + " ready at " + instances.getLast().baseUri());
                }
                List<OrchestratorClient> clients = instances.stream()
                        .map(instance -> new OrchestratorClient(instance.baseUri())).toList();
                BenchWorkload.deploy(clients.getFirst());

                long started = System.nanoTime();
                UUID[] created = ConcurrentCreates.create(settings.tasks(), settings.creators(),
                        i -> clients.get(i % clients.size()).createTask(BenchWorkload.NAMESPACE,
                                SHAPES[i % SHAPES.length].templateName(), BenchWorkload.context(runId, i)));
                CompletionWaiter.awaitAll(clients.getFirst(), created, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - started) / 1e9;

                ExactlyOnceCheck.Report report;
                try (Connection connection = database.connect()) {
                    report = ExactlyOnceCheck.check(connection, created);
                }
                List<OptionalLong> executions = clients.stream()
                        .map(client -> client.stepsExecuted(BenchWorkload.NAMESPACE)).toList();
                return report(report, executions, seconds);
            } finally {
                instances.forEach(OrchestratorProcess::close);
            }
        }
    }

    private Map<BenchWorkload.Shape, Integer> expectedPerShape() {
        Map<BenchWorkload.Shape, Integer> expected = new EnumMap<>(BenchWorkload.Shape.class);
        for (int i = 0; i < settings.tasks(); i++) {
            expected.merge(SHAPES[i % SHAPES.length], 1, Integer::sum);
        }
        return expected;
    }

    private long expectedSteps() {
        long steps = 0;
        for (Map.Entry<BenchWorkload.Shape, Integer> entry : expectedPerShape().entrySet()) {
            steps += (long) entry.getKey().steps() * entry.getValue();
        }
        return steps;
    }

    private boolean report(ExactlyOnceCheck.Report report, List<OptionalLong> executions, double seconds) {
        long expectedSteps = expectedSteps();
        boolean ok = report.exactlyOnce(settings.tasks(), expectedSteps);
        ResultTable table = new ResultTable("check", "expected", "found");
        table.row("tasks with transitions", Integer.toString(settings.tasks()), Long.toString(report.tasks()))
                .row("tasks not completed exactly once", "0", Long.toString(report.tasksNotCompletedOnce()))
                .row("workflow steps", Long.toString(expectedSteps), Long.toString(report.steps()))
                .row("steps not complete", "0", Long.toString(report.stepsNotComplete()))
                .row("steps claimed more or less than once", "0", Long.toString(report.stepsNotClaimedOnce()))
                .row("steps completed more or less than once", "0", Long.toString(report.stepsNotCompletedOnce()))
                .row("steps with attempts ≠ 1", "0", Long.toString(report.stepsRetried()));
        if (executions.stream().allMatch(OptionalLong::isPresent)) {
            long total = executions.stream().mapToLong(OptionalLong::getAsLong).sum();
            ok &= total == expectedSteps;
            table.row("handler executions, all instances (tasker_steps_executed_total)", Long.toString(expectedSteps),
                    Long.toString(total));
            for (int i = 0; i < executions.size(); i++) {
                table.row("  by instance " + (i + 1), "", Long.toString(executions.get(i).getAsLong()));
            }
        } else {
            out.println("# an instance exports no tasker_steps_executed_total counter: executions per instance unknown");
        }
        out.println();
        out.print(table.render());
        out.println();
        out.printf(Locale.ROOT, "%d instances, %d tasks (%d steps) created round-robin through every instance: all "
                        + "complete after %.2f s (%.0f steps/s). Exactly once: %s.%n", settings.instances(),
                settings.tasks(), expectedSteps, seconds, expectedSteps / seconds, ok ? "yes" : "NO");
        return ok;
    }
}
