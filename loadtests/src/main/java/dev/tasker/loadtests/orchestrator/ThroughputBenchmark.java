package dev.tasker.loadtests.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.loadtests.client.OrchestratorClient;
import dev.tasker.loadtests.stats.LatencySummary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sustained workflow step throughput with many tasks in flight: creates {@code tasks} tasks as fast as
 * {@code creators} concurrent clients can, then waits until all are complete (polling the count of complete tasks
 * every 50 ms), then reads every task's {@code created_at}/{@code completed_at}.
 *
 * <p>Reported rates (steps = tasks × steps per task):
 * <ul>
 *   <li><em>server</em>: steps / (last {@code completed_at} − first {@code created_at});</li>
 *   <li><em>steady</em>: the steps of the tasks completing between the 10th and 90th percentile completion time,
 *       divided by that interval (leaves out ramp-up and the tail);</li>
 *   <li><em>client</em>: steps / (time from the first create request to the poll that saw all complete).</li>
 * </ul>
 */
public final class ThroughputBenchmark {

    private static final Duration COUNT_POLL = Duration.ofMillis(50);

    /**
     * @param shape             the template
     * @param tasks             tasks created
     * @param steps             workflow steps executed (tasks × steps per task)
     * @param createSeconds     time to create all tasks, s
     * @param clientSeconds     first create request to all complete as seen by polling, s
     * @param serverSeconds     first {@code created_at} to last {@code completed_at}, s
     * @param steadyStepsPerSec steps per second between the 10th and 90th percentile completion
     * @param taskLatency       per-task {@code completed_at - created_at} under this load
     */
    public record Result(BenchWorkload.Shape shape, int tasks, int steps, double createSeconds, double clientSeconds,
                         double serverSeconds, double steadyStepsPerSec, LatencySummary taskLatency) {

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

    /**
     * @param client  the orchestrator, with the workload deployed ({@link BenchWorkload#deploy})
     * @param timeout how long the whole run may take before it fails
     */
    public ThroughputBenchmark(OrchestratorClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * @param shape    the template
     * @param tasks    number of tasks, at least 10
     * @param creators concurrent create requests
     * @param runId    distinguishes this run's task contexts from other runs'
     * @return the measured rates
     * @throws IllegalStateException when a task fails or the run exceeds the timeout
     */
    public Result run(BenchWorkload.Shape shape, int tasks, int creators, String runId) {
        if (tasks < 10) {
            throw new IllegalArgumentException("throughput needs at least 10 tasks, got " + tasks);
        }
        String ns = BenchWorkload.NAMESPACE;
        long completeBefore = client.countTasks(ns, shape.templateName(), "complete");
        long errorBefore = client.countTasks(ns, shape.templateName(), "error");

        long started = System.nanoTime();
        UUID[] created = createAll(shape, tasks, creators, runId);
        double createSeconds = (System.nanoTime() - started) / 1e9;

        long deadline = started + timeout.toNanos();
        long complete;
        do {
            sleep(COUNT_POLL);
            complete = client.countTasks(ns, shape.templateName(), "complete") - completeBefore;
            long errors = client.countTasks(ns, shape.templateName(), "error") - errorBefore;
            if (errors > 0) {
                throw new IllegalStateException(errors + " task(s) of " + shape.templateName() + " ended in error");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + complete + " of " + tasks + " tasks complete after "
                        + timeout.toSeconds() + " s");
            }
        } while (complete < tasks);
        double clientSeconds = (System.nanoTime() - started) / 1e9;

        return summarise(shape, created, createSeconds, clientSeconds);
    }

    private UUID[] createAll(BenchWorkload.Shape shape, int tasks, int creators, String runId) {
        UUID[] created = new UUID[tasks];
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(creators)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < creators; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                        created[i] = client.createTask(BenchWorkload.NAMESPACE, shape.templateName(),
                                BenchWorkload.context(runId + "-throughput-" + shape.templateName(), i));
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating tasks failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating tasks", e);
        }
        return created;
    }

    private Result summarise(BenchWorkload.Shape shape, UUID[] created, double createSeconds, double clientSeconds) {
        int tasks = created.length;
        Instant firstCreated = Instant.MAX;
        Instant lastCompleted = Instant.MIN;
        long[] latencies = new long[tasks];
        long[] completedAt = new long[tasks];
        for (int i = 0; i < tasks; i++) {
            JsonNode task = client.task(created[i]);
            Instant createdAt = TaskStates.instant(task, "created_at");
            Instant completed = TaskStates.instant(task, "completed_at");
            firstCreated = createdAt.isBefore(firstCreated) ? createdAt : firstCreated;
            lastCompleted = completed.isAfter(lastCompleted) ? completed : lastCompleted;
            latencies[i] = Duration.between(createdAt, completed).toNanos();
            completedAt[i] = Duration.between(Instant.EPOCH, completed).toNanos();
        }
        Arrays.sort(completedAt);
        int from = tasks / 10;
        int to = tasks * 9 / 10;
        double steadySeconds = (completedAt[to] - completedAt[from]) / 1e9;
        double steadySteps = (double) (to - from) * shape.steps();
        int steps = tasks * shape.steps();
        double serverSeconds = Duration.between(firstCreated, lastCompleted).toNanos() / 1e9;
        return new Result(shape, tasks, steps, createSeconds, clientSeconds, serverSeconds,
                steadySteps / steadySeconds, LatencySummary.ofNanos(latencies));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
