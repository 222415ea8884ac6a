package dev.tasker.loadtests.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.loadtests.client.OrchestratorClient;
import dev.tasker.loadtests.stats.LatencySummary;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Create-to-complete latency of one task at a time: for each task, {@code POST /v1/tasks}, then long-poll
 * {@code GET /v1/tasks/{uuid}?wait_ms=} until it is {@code complete} ({@link TaskStates#awaitComplete}); the next
 * task is created only after that.
 *
 * <p>Two latencies per task: <em>client</em>, from just before the create request to the long-poll answer that
 * showed {@code complete} (includes both HTTP exchanges and the NOTIFY that wakes the long-poll), and <em>server</em>,
 * {@code completed_at - created_at} as recorded by the orchestrator. After the measured tasks, their transitions
 * are read to break a step's time down by state ({@link StepTimeBreakdown}).
 */
public final class TaskLatencyBenchmark {

    /**
     * @param shape          the template measured
     * @param client         create-to-complete as seen by the client
     * @param server         {@code completed_at - created_at} as recorded by the orchestrator
     * @param stepPhaseMedianMs per phase of a step, the median over the measured tasks of the mean time a step
     *                       spent in it, ms ({@link StepTimeBreakdown})
     */
    public record Result(BenchWorkload.Shape shape, LatencySummary client, LatencySummary server,
                         Map<String, Double> stepPhaseMedianMs) {
    }

    private final OrchestratorClient client;
    private final Duration taskTimeout;

    /**
     * @param client      the orchestrator, with the workload deployed ({@link BenchWorkload#deploy})
     * @param taskTimeout how long one task may take before the run fails
     */
    public TaskLatencyBenchmark(OrchestratorClient client, Duration taskTimeout) {
        this.client = client;
        this.taskTimeout = taskTimeout;
    }

    /**
     * Runs {@code warmup} unmeasured tasks, then {@code measured} measured ones, one at a time.
     *
     * @param shape    the template
     * @param warmup   unmeasured tasks first (JIT, handler compilation, connection pools)
     * @param measured measured tasks, at least 1
     * @param runId    distinguishes this run's task contexts from other runs'
     * @return the latency distributions
     * @throws IllegalStateException when a task does not complete (see {@link TaskStates#awaitComplete})
     */
    public Result run(BenchWorkload.Shape shape, int warmup, int measured, String runId) {
        for (int i = 0; i < warmup; i++) {
            runOne(shape, runId + "-warmup", i);
        }
        long[] clientNanos = new long[measured];
        long[] serverNanos = new long[measured];
        JsonNode[] tasks = new JsonNode[measured];
        for (int i = 0; i < measured; i++) {
            long started = System.nanoTime();
            JsonNode task = runOne(shape, runId, i);
            clientNanos[i] = System.nanoTime() - started;
            serverNanos[i] = TaskStates.serverLatency(task).toNanos();
            tasks[i] = task;
        }
        StepTimeBreakdown breakdown = new StepTimeBreakdown();
        for (JsonNode task : tasks) {
            breakdown.add(task, client.transitions(UUID.fromString(task.path("task_uuid").asText())));
        }
        return new Result(shape, LatencySummary.ofNanos(clientNanos), LatencySummary.ofNanos(serverNanos),
                breakdown.medians());
    }

    private JsonNode runOne(BenchWorkload.Shape shape, String runId, int sequence) {
        UUID task = client.createTask(BenchWorkload.NAMESPACE, shape.templateName(),
                BenchWorkload.context(runId + "-" + shape.templateName(), sequence));
        return TaskStates.awaitComplete(client, task, taskTimeout);
    }
}
