package dev.tasker.loadtests.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.loadtests.client.OrchestratorClient;
import dev.tasker.loadtests.stats.CpuClock;
import dev.tasker.loadtests.stats.JitCpuShare;
import dev.tasker.loadtests.stats.LatencySummary;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Sustained workflow step throughput with many tasks in flight: creates {@code tasks} tasks as fast as
 * {@code creators} concurrent clients can ({@link ConcurrentCreates}), waits until all are complete
 * ({@link CompletionWaiter}), then reads back every task's and step's {@code created_at}/{@code completed_at}.
 * The orchestrator's CPU time, the part its JIT compiler threads used, and PostgreSQL's CPU time over the run are
 * read from the given {@link CpuClock}s.
 *
 * <p>Reported rates (steps = tasks × steps per task):
 * <ul>
 *   <li><em>server</em>: steps / (last {@code completed_at} − first {@code created_at});</li>
 *   <li><em>steady</em>: the steps completing between the 10th and 90th percentile of all step
 *       {@code completed_at} times, divided by that interval (leaves out ramp-up and the tail);</li>
 *   <li><em>client</em>: steps / (time from the first create request to the poll that saw all complete).</li>
 * </ul>
 * Every tenth task's transitions also feed a {@link StepTimeBreakdown}, showing where steps wait under load.
 */
public final class ThroughputBenchmark {

    /** Every this many tasks, one task's transitions are read for the phase breakdown. */
    private static final int BREAKDOWN_SAMPLE_EVERY = 10;

    /**
     * @param shape             the template
     * @param tasks             tasks created
     * @param steps             workflow steps executed (tasks × steps per task)
     * @param createSeconds     time to create all tasks, s
     * @param clientSeconds     first create request to all complete as seen by polling, s
     * @param serverSeconds     first {@code created_at} to last {@code completed_at}, s
     * @param steadyStepsPerSec steps per second between the 10th and 90th percentile step completion
     * @param taskLatency       per-task {@code completed_at - created_at} under this load
     * @param stepPhaseMedianMs per phase of a step, the median over a sample of tasks of the mean time a step spent
     *                          in it, ms ({@link StepTimeBreakdown})
     * @param orchestrator      the orchestrator's CPU time from the first create to all complete, and the part its JIT
     *                          compiler threads used
     * @param databaseCpu       PostgreSQL's CPU time over the same interval, or null if unknown
     */
    public record Result(BenchWorkload.Shape shape, int tasks, int steps, double createSeconds, double clientSeconds,
                         double serverSeconds, double steadyStepsPerSec, LatencySummary taskLatency,
                         Map<String, Double> stepPhaseMedianMs, JitCpuShare orchestrator, Duration databaseCpu) {

        /** @return the orchestrator's CPU time from the first create to all complete, or null if unknown */
        public Duration orchestratorCpu() {
            return orchestrator.processCpu();
        }

        /** @return the orchestrator's and PostgreSQL's CPU time together, or null if either is unknown */
        public Duration serverCpu() {
            Duration orchestratorCpu = orchestratorCpu();
            return orchestratorCpu == null || databaseCpu == null ? null : orchestratorCpu.plus(databaseCpu);
        }

        /** @return steps per second over the server-recorded interval */
        public double serverStepsPerSec() {
            return steps / serverSeconds;
        }

        /** @return steps per second over the client-observed interval */
        public double clientStepsPerSec() {
            return steps / clientSeconds;
        }
    }

    private final OrchestratorClient client;
    private final Duration timeout;
    private final CpuClock orchestratorCpu;
    private final CpuClock orchestratorJitCpu;
    private final CpuClock databaseCpu;

    /**
     * @param client             the orchestrator, with the workload deployed ({@link BenchWorkload#deploy})
     * @param timeout            how long the tasks may take to complete once created
     * @param orchestratorCpu    the orchestrator's CPU time, or {@link CpuClock#NONE}
     * @param orchestratorJitCpu the orchestrator's JIT compiler threads' CPU time, or {@link CpuClock#NONE}
     * @param databaseCpu        PostgreSQL's CPU time, or {@link CpuClock#NONE}
     */
    public ThroughputBenchmark(OrchestratorClient client, Duration timeout, CpuClock orchestratorCpu,
                               CpuClock orchestratorJitCpu, CpuClock databaseCpu) {
        this.client = client;
        this.timeout = timeout;
        this.orchestratorCpu = orchestratorCpu;
        this.orchestratorJitCpu = orchestratorJitCpu;
        this.databaseCpu = databaseCpu;
    }

    /**
     * @param shape    the template
     * @param tasks    number of tasks, at least 10
     * @param creators concurrent create requests
     * @param runId    distinguishes this run's task contexts from other runs'
     * @param atAllComplete called once all tasks are complete, before the results are read back (e.g. to take a
     *                      snapshot of database statistics that the read-back would disturb)
     * @return the measured rates
     * @throws IllegalStateException when a task fails or the run exceeds the timeout
     */
    public Result run(BenchWorkload.Shape shape, int tasks, int creators, String runId, Runnable atAllComplete) {
        if (tasks < 10) {
            throw new IllegalArgumentException("throughput needs at least 10 tasks, got " + tasks);
        }
        JitCpuShare.Start orchestratorBefore = JitCpuShare.start(orchestratorCpu, orchestratorJitCpu);
        OptionalLong databaseBefore = databaseCpu.nanos();
        long started = System.nanoTime();
        UUID[] created = ConcurrentCreates.create(tasks, creators, i -> client.createTask(BenchWorkload.NAMESPACE,
                shape.templateName(), BenchWorkload.context(runId + "-throughput-" + shape.templateName(), i)));
        double createSeconds = (System.nanoTime() - started) / 1e9;
        CompletionWaiter.awaitAll(client, created, timeout);
        double clientSeconds = (System.nanoTime() - started) / 1e9;
        JitCpuShare orchestratorUsed = orchestratorBefore.end();
        Duration databaseUsed = databaseCpu.since(databaseBefore);
        atAllComplete.run();

        return summarise(shape, created, createSeconds, clientSeconds, orchestratorUsed, databaseUsed);
    }

    private Result summarise(BenchWorkload.Shape shape, UUID[] created, double createSeconds, double clientSeconds,
                             JitCpuShare orchestratorUsed, Duration databaseUsed) {
        int tasks = created.length;
        int steps = tasks * shape.steps();
        Instant firstCreated = Instant.MAX;
        Instant lastCompleted = Instant.MIN;
        long[] latencies = new long[tasks];
        long[] stepCompletedAt = new long[steps];
        StepTimeBreakdown breakdown = new StepTimeBreakdown();
        int step = 0;
        for (int i = 0; i < tasks; i++) {
            JsonNode task = client.task(created[i]);
            if (i % BREAKDOWN_SAMPLE_EVERY == 0) {
                breakdown.add(task, client.transitions(created[i]));
            }
            Instant createdAt = TaskStates.instant(task, "created_at");
            Instant completed = TaskStates.instant(task, "completed_at");
            firstCreated = createdAt.isBefore(firstCreated) ? createdAt : firstCreated;
            lastCompleted = completed.isAfter(lastCompleted) ? completed : lastCompleted;
            latencies[i] = Duration.between(createdAt, completed).toNanos();
            for (JsonNode s : task.path("steps")) {
                if (step == steps) {
                    throw new IllegalStateException("task " + created[i] + " has more than " + shape.steps()
                            + " steps: " + task);
                }
                stepCompletedAt[step++] = Duration.between(Instant.EPOCH, TaskStates.instant(s, "completed_at")).toNanos();
            }
        }
        if (step != steps) {
            throw new IllegalStateException("expected " + steps + " completed steps, the tasks hold " + step);
        }
        Arrays.sort(stepCompletedAt);
        int from = steps / 10;
        int to = steps * 9 / 10;
        double steadySeconds = (stepCompletedAt[to] - stepCompletedAt[from]) / 1e9;
        double serverSeconds = Duration.between(firstCreated, lastCompleted).toNanos() / 1e9;
        return new Result(shape, tasks, steps, createSeconds, clientSeconds, serverSeconds,
                (to - from) / steadySeconds, LatencySummary.ofNanos(latencies), breakdown.medians(),
                orchestratorUsed, databaseUsed);
    }
}
