package dev.tasker.loadtests.orchestrator;

import dev.tasker.loadtests.client.OrchestratorClient;
import dev.tasker.loadtests.stats.CpuClock;
import dev.tasker.loadtests.stats.JitCpuShare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Brings a fresh orchestrator JVM to the steady state of a long-running service before anything is measured: rounds
 * of tasks in flight, half linear-4 and half diamond-4 (so the paths of both templates get compiled), created by
 * concurrent clients ({@link ConcurrentCreates}) and awaited ({@link CompletionWaiter}) like the throughput run,
 * until, in a round, the orchestrator's JIT compiler threads used less than a given share of the orchestrator's CPU
 * time, or a maximum number of rounds ran.
 *
 * <p>Why: on two cores the C2 compiler thread took about 60 % of the orchestrator's CPU during a throughput run that
 * followed a 500-task warm-up; after a 5,000-task warm-up the orchestrator needed 1.31 instead of 3.08 CPU-ms per
 * step. A fixed warm-up is either too short for this or wastes time; the compiler threads' own CPU time
 * ({@link dev.tasker.loadtests.process.CpuTime#compilerThreads}) says when compilation has died down.
 */
public final class JitWarmUp {

    /**
     * One warm-up round.
     *
     * @param number  1, 2, ...
     * @param tasks   tasks run in it
     * @param seconds first create request to all complete, s
     * @param cpu     the orchestrator's CPU time in the round and the part its JIT compiler threads used
     */
    public record Round(int number, int tasks, double seconds, JitCpuShare cpu) {
    }

    /**
     * @param rounds  the rounds run, in order
     * @param settled whether the last round's JIT share was below the limit (false when it never was within the
     *                maximum number of rounds, or when the compiler threads' CPU time is unknown)
     */
    public record Result(List<Round> rounds, boolean settled) {
    }

    private final OrchestratorClient client;
    private final Duration roundTimeout;
    private final CpuClock orchestratorCpu;
    private final CpuClock orchestratorJitCpu;

    /**
     * @param client             the orchestrator, with the workload deployed ({@link BenchWorkload#deploy})
     * @param roundTimeout       how long one round's tasks may take to complete once created
     * @param orchestratorCpu    the orchestrator process's CPU time
     * @param orchestratorJitCpu the orchestrator's JIT compiler threads' CPU time
     */
    public JitWarmUp(OrchestratorClient client, Duration roundTimeout, CpuClock orchestratorCpu,
                     CpuClock orchestratorJitCpu) {
        this.client = client;
        this.roundTimeout = roundTimeout;
        this.orchestratorCpu = orchestratorCpu;
        this.orchestratorJitCpu = orchestratorJitCpu;
    }

    /**
     * Runs rounds until one's JIT share is below {@code maxJitShare} or {@code maxRounds} ran; only one round when
     * the CPU times are unknown (no {@code /proc}).
     *
     * @param roundTasks  tasks per round, at least 2 (even-numbered ones linear-4, odd-numbered ones diamond-4)
     * @param maxJitShare the JIT compiler threads' share of the orchestrator's CPU time (0-1) below which the
     *                    orchestrator counts as warm
     * @param maxRounds   rounds at most, at least 1
     * @param creators    concurrent create requests
     * @param runId       distinguishes this run's task contexts from other runs'
     * @param onRound     called after each round (e.g. to print it)
     * @return the rounds and whether the JIT settled
     * @throws IllegalArgumentException when {@code roundTasks} or {@code maxRounds} is out of range
     * @throws IllegalStateException    when a task fails or a round exceeds the timeout
     */
    public Result run(int roundTasks, double maxJitShare, int maxRounds, int creators, String runId,
                      Consumer<Round> onRound) {
        if (roundTasks < 2) {
            throw new IllegalArgumentException("--warmup-round-tasks must be at least 2 (both templates), got "
                    + roundTasks);
        }
        if (maxRounds < 1) {
            throw new IllegalArgumentException("--warmup-max-rounds must be at least 1, got " + maxRounds);
        }
        List<Round> rounds = new ArrayList<>();
        for (int number = 1; number <= maxRounds; number++) {
            Round round = runRound(number, roundTasks, creators, runId);
            rounds.add(round);
            onRound.accept(round);
            if (!round.cpu().known()) {
                return new Result(rounds, false);
            }
            if (round.cpu().share() < maxJitShare) {
                return new Result(rounds, true);
            }
        }
        return new Result(rounds, false);
    }

    private Round runRound(int number, int tasks, int creators, String runId) {
        JitCpuShare.Start start = JitCpuShare.start(orchestratorCpu, orchestratorJitCpu);
        long started = System.nanoTime();
        UUID[] created = ConcurrentCreates.create(tasks, creators, i -> {
            BenchWorkload.Shape shape = shapeOf(i);
            return client.createTask(BenchWorkload.NAMESPACE, shape.templateName(),
                    BenchWorkload.context(runId + "-jit-warmup-" + number + "-" + shape.templateName(), i));
        });
        CompletionWaiter.awaitAll(client, created, roundTimeout);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Round(number, tasks, seconds, start.end());
    }

    private static BenchWorkload.Shape shapeOf(int task) {
        return task % 2 == 0 ? BenchWorkload.Shape.LINEAR4 : BenchWorkload.Shape.DIAMOND4;
    }
}
