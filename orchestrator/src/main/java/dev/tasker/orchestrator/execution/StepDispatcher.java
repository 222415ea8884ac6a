package dev.tasker.orchestrator.execution;

import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.NotificationPublisher;
import dev.tasker.orchestrator.db.Signal;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.dynamic.DynamicOutcomes;
import dev.tasker.orchestrator.queue.Pgmq;
import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.registry.TemplateRegistry;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.work.WakeableLoop;
import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.ErrorTypes;
import dev.tasker.runtime.contract.StepResult;
import dev.tasker.runtime.module.ModuleValidationException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The step dispatcher (DESIGN §3): consumes the {@code worker_{namespace}_queue} queues and runs each workflow
 * step's handler in-process on handler-runtime.
 *
 * <p>For each message ({@code {task_uuid, step_uuid, correlation_id}}):
 * <ol>
 *   <li><b>claim</b>, one round trip for all the messages taken at once ({@code tasker.claim_steps}, which locks and
 *       deletes them in one statement, migration V21): CAS
 *       {@code enqueued → in_progress}, count the attempt ({@code attempts + 1}, {@code last_attempted_at}), return
 *       the step's work with its dependency results. A message whose step is no longer
 *       {@code enqueued} (a duplicate delivery, a cancelled task) is deleted and skipped;</li>
 *   <li><b>execute</b>: build the step invocation (context, {@code handler.initialization} as config, results of all
 *       completed ancestors, attempt, max_attempts, inputs), load the pinned handler version (name, digest; cached
 *       in memory with its limits after the first use) and run it under its limits
 *       ({@link dev.tasker.orchestrator.registry.HandlerLimits#forStep}): linear memory capped by the version's
 *       {@code memory_mb}, else {@code tasker.runtime.max-memory-pages}; timeout from the step's
 *       {@code timeout_seconds}, else the version's {@code timeout_ms}, else {@code tasker.runtime.default-timeout};</li>
 *   <li><b>record</b> ({@link StepResultRecorder}: outcomes finishing together share one round trip and one commit of
 *       {@code tasker.record_step_results}): CAS {@code in_progress → enqueued_for_orchestration} (success) or
 *       {@code enqueued_as_error_for_orchestration} (failure), store result or error, metadata and execution time,
 *       append the handler's domain events to the outbox, and send the {@code orchestration_step_results} message,
 *       then wake its consumers once committed ({@link NotificationPublisher}). If the step left {@code in_progress} meanwhile (cancelled, resolved, or its claim was recovered),
 *       the result is discarded.</li>
 * </ol>
 * At most {@code tasker.dispatcher.concurrency} handlers execute at once, and at most
 * {@code tasker.dispatcher.max-unrecorded} claimed steps wait for their outcome's commit: a step gives its execution
 * slot back when its handler returns, so the next steps run while earlier outcomes are being committed (with fsync
 * on, holding the slot through the record's commit capped the benchmark at 346-380 steps/s with 8 slots: steps
 * waited 4.6 s in the worker queue while the slots sat in commits). The gauges {@code tasker.dispatcher.executing}
 * and {@code tasker.dispatcher.unrecorded} count both. A signal of this instance, or another's NOTIFY, wakes the
 * dispatcher within milliseconds, a fallback poll ({@code tasker.dispatcher.poll-interval}) covers missed
 * notifications.
 */
@ApplicationScoped
public class StepDispatcher {

    private static final Logger LOG = Logger.getLogger(StepDispatcher.class);

    private final Database db;
    private final TemplateRegistry templates;
    private final HandlerLoader loader;
    private final HandlerRuntime runtime;
    private final RuntimeLimits limits;
    private final TaskerConfig.Dispatcher config;
    private final MeterRegistry meters;
    private final Semaphore executions;
    private final Semaphore unrecorded;
    private final WakeableLoop loop;
    private final StepResultRecorder recorder;
    private ExecutorService executor;
    private int queueOffset;
    private volatile List<String> queues;
    private volatile long queuesListedAt;
    private volatile boolean starved;

    public StepDispatcher(Database db, TemplateRegistry templates, HandlerLoader loader, HandlerRuntime runtime,
                          RuntimeLimits limits, TaskerConfig config, MeterRegistry meters,
                          NotificationPublisher publisher) {
        this.db = db;
        this.templates = templates;
        this.loader = loader;
        this.runtime = runtime;
        this.limits = limits;
        this.config = config.dispatcher();
        this.meters = meters;
        checkLimits(this.config.concurrency(), this.config.maxUnrecorded());
        warnIfSet(this.config);
        this.executions = new Semaphore(this.config.concurrency());
        this.unrecorded = new Semaphore(this.config.maxUnrecorded());
        Gauge.builder("tasker.dispatcher.executing", executions, s -> this.config.concurrency() - s.availablePermits())
                .description("Handlers executing in this instance").register(meters);
        Gauge.builder("tasker.dispatcher.unrecorded", unrecorded, s -> this.config.maxUnrecorded() - s.availablePermits())
                .description("Claimed workflow steps of this instance whose outcome is not yet committed")
                .register(meters);
        this.loop = new WakeableLoop("tasker-step-dispatcher", this::round, this.config.pollInterval());
        List<Signal> resultsQueued = List.of(new Signal(Queues.CHANNEL, Queues.STEP_RESULTS));
        this.recorder = new StepResultRecorder(db, () -> publisher.publish(resultsQueued));
    }

    /**
     * @param concurrency   {@code tasker.dispatcher.concurrency}: handlers executing at once
     * @param maxUnrecorded {@code tasker.dispatcher.max-unrecorded}: claimed steps whose outcome is not yet committed
     * @throws IllegalArgumentException naming both keys and values when {@code concurrency < 1} or
     *                                  {@code maxUnrecorded < concurrency} (a claimed step must never wait for a slot)
     */
    static void checkLimits(int concurrency, int maxUnrecorded) {
        if (concurrency < 1 || maxUnrecorded < concurrency) {
            throw new IllegalArgumentException("tasker.dispatcher.concurrency (" + concurrency
                    + ") must be at least 1 and tasker.dispatcher.max-unrecorded (" + maxUnrecorded
                    + ") at least tasker.dispatcher.concurrency");
        }
    }

    @SuppressWarnings("deprecation")
    private static void warnIfSet(TaskerConfig.Dispatcher config) {
        config.visibilityTimeoutSeconds().ifPresent(seconds -> LOG.warnf("tasker.dispatcher.visibility-timeout-seconds"
                + " (%d) has no effect since migration V21 (a claim locks and deletes its messages in one transaction);"
                + " remove it", seconds));
    }

    /** Starts consuming (idempotent). */
    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newVirtualThreadPerTaskExecutor();
            loop.start();
        }
    }

    /** Stops reading new messages and waits up to {@code timeout} for running steps to be recorded. */
    public synchronized void stop(Duration timeout) {
        loop.stop(timeout);
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    /**
     * Wakes the dispatcher: {@code queue} received messages.
     *
     * @param queue the worker queue named by the NOTIFY
     */
    public void wake(String queue) {
        List<String> known = queues;
        if (known != null && !known.contains(queue)) {
            queues = null; // a new namespace: list the queues again
        }
        loop.wake();
    }

    /**
     * Runs up to {@code max} available step messages on the calling thread, one after the other, through the same
     * claim, execute and record path as the background loop. For embedding and step-by-step tests; the background
     * loop need not be running.
     *
     * @return the number of messages handled
     */
    public int runOnce(int max) {
        int handled = 0;
        for (String queue : workerQueues()) {
            for (StepWork work : claim(queue, max - handled)) {
                handle(work);
                handled++;
            }
            if (handled >= max) {
                break;
            }
        }
        return handled;
    }

    /** The worker queues, re-listed at most once per poll interval or when a NOTIFY names an unknown queue. */
    private List<String> workerQueues() {
        long now = System.nanoTime();
        List<String> known = queues;
        if (known == null || now - queuesListedAt > config.pollInterval().toNanos()) {
            known = Pgmq.listQueues(db).stream().filter(Queues::isWorkerQueue).toList();
            queues = known;
            queuesListedAt = now;
        }
        return known;
    }

    private Duration round() {
        List<String> workerQueues = workerQueues();
        boolean claimed = false;
        for (int i = 0; i < workerQueues.size() && claimable() > 0; i++) {
            String queue = workerQueues.get((queueOffset + i) % workerQueues.size());
            // only this loop acquires permits, so the ones available now stay available until it runs the steps
            for (StepWork work : claim(queue, claimable())) {
                executions.acquireUninterruptibly();
                unrecorded.acquireUninterruptibly();
                claimed = true;
                executor.execute(() -> runAndRecord(work));
            }
        }
        queueOffset++;
        if (claimable() == 0) {
            starved = true;
            if (claimable() == 0) {
                return config.pollInterval(); // a returning handler or a committed record wakes the loop
            }
        }
        return claimed ? Duration.ZERO : config.pollInterval();
    }

    /** Steps that can be claimed now: as many as there are free execution slots and room for their outcomes. */
    private int claimable() {
        return Math.min(executions.availablePermits(), unrecorded.availablePermits());
    }

    private void runAndRecord(StepWork work) {
        try {
            ExecutionOutcome outcome;
            try {
                outcome = run(work);
            } finally {
                release(executions);
            }
            record(work, outcome);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Running or recording attempt %d of step %s (%s) failed; claim recovery re-runs it after"
                    + " its timeout", work.attempt(), work.stepName(), work.stepUuid());
        } finally {
            release(unrecorded);
        }
    }

    private void release(Semaphore permits) {
        permits.release();
        if (starved) {
            starved = false;
            loop.wake(); // the loop stopped reading for want of a permit
        }
    }

    private void handle(StepWork work) {
        record(work, run(work));
    }

    /** Executes the step's handler: its outcome, counted in the step metrics. */
    private ExecutionOutcome run(StepWork work) {
        Timer.Sample sample = Timer.start(meters);
        ExecutionOutcome outcome = checkDynamicOutcome(work, execute(work));
        sample.stop(Timer.builder("tasker.step.latency").description("Wall time of one step attempt, load and run")
                .tags("namespace", work.namespace(), "handler", work.handlerName()).publishPercentileHistogram()
                .register(meters));
        boolean success = outcome.result() instanceof StepResult.Success;
        meters.counter("tasker.steps.executed", "namespace", work.namespace(), "handler", work.handlerName(),
                "outcome", success ? "success" : "failure").increment();
        if (outcome.result() instanceof StepResult.Failure failure) {
            meters.counter("tasker.steps.failures", "namespace", work.namespace(), "handler", work.handlerName(),
                    "error_type", failure.error().errorType()).increment();
        }
        return outcome;
    }

    /**
     * Claims up to {@code max} messages of a worker queue in one round trip ({@code tasker.claim_steps}): each
     * message is deleted; steps still {@code enqueued} move to {@code in_progress} with their attempt counted.
     *
     * @return the claimed steps' work (duplicate and stale deliveries are dropped)
     */
    private List<StepWork> claim(String queue, int max) {
        return StepWorkReader.claim(db, queue, max);
    }

    private ExecutionOutcome execute(StepWork work) {
        HandlerLoader.LoadedVersion version;
        try {
            Optional<HandlerLoader.LoadedVersion> loaded = loader.load(work.handlerName(), work.handlerDigest());
            if (loaded.isEmpty()) {
                return unavailable("module " + work.handlerDigest() + " of handler " + work.handlerName() + " is not stored");
            }
            version = loaded.get();
        } catch (ModuleValidationException e) {
            return unavailable("module " + work.handlerDigest() + " of handler " + work.handlerName()
                    + " cannot be loaded: " + e.getMessage());
        }
        return runtime.execute(version.handler(), StepWorkReader.invocation(work),
                version.limits().forStep(limits, work.timeoutSeconds()));
    }

    private static ExecutionOutcome unavailable(String message) {
        StepResult.StepError error = new StepResult.StepError(message, ErrorTypes.HANDLER_UNAVAILABLE, true, null, null);
        return new ExecutionOutcome(new StepResult.Failure(error, SqlJson.MAPPER.createObjectNode()), "", 0, null);
    }

    /**
     * A decision or batchable step must return a valid outcome (DESIGN §4); a missing or invalid one fails the step
     * like any other invalid output ({@code invalid_output}, not retryable), before it is recorded.
     */
    private ExecutionOutcome checkDynamicOutcome(StepWork work, ExecutionOutcome outcome) {
        if (!(outcome.result() instanceof StepResult.Success success)
                || !(work.stepType().equals("decision") || work.stepType().equals("batchable"))) {
            return outcome;
        }
        TaskTemplate template = templates.byUuid(work.templateUuid()).orElseThrow().template();
        try {
            DynamicOutcomes.stepsToCreate(template, work.templateStep(), ContractJson.toJson(success), Set.of());
            return outcome;
        } catch (DynamicOutcomes.InvalidOutcomeException e) {
            StepResult.StepError error = new StepResult.StepError("invalid " + work.stepType() + " outcome: "
                    + e.getMessage(), ErrorTypes.INVALID_OUTPUT, false, null, null);
            return new ExecutionOutcome(new StepResult.Failure(error, success.metadata()), outcome.stderr(),
                    outcome.executionTimeMs(), outcome.mode());
        }
    }

    private void record(StepWork work, ExecutionOutcome outcome) {
        if (!recorder.record(work, outcome)) {
            LOG.infof("Discarding the result of attempt %d of step %s (%s): the step left in_progress meanwhile",
                    work.attempt(), work.stepName(), work.stepUuid());
        }
    }
}
