package dev.tasker.orchestrator.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.dynamic.DynamicOutcomes;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.outbox.Outbox;
import dev.tasker.orchestrator.queue.Pgmq;
import dev.tasker.orchestrator.queue.QueueMessage;
import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.registry.TemplateRegistry;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TransitionLog;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 *   <li><b>claim</b>, one transaction: CAS {@code enqueued → in_progress}, count the attempt
 *       ({@code attempts + 1}, {@code last_attempted_at}), delete the message. A message whose step is no longer
 *       {@code enqueued} (a duplicate delivery, a cancelled task) is deleted and skipped;</li>
 *   <li><b>execute</b>: build the step invocation (context, {@code handler.initialization} as config, results of all
 *       completed ancestors, attempt, max_attempts, inputs), load the module by its pinned digest and run it with the
 *       step's timeout ({@code timeout_seconds}, else {@code tasker.runtime.default-timeout});</li>
 *   <li><b>record</b>, one transaction: CAS {@code in_progress → enqueued_for_orchestration} (success) or
 *       {@code enqueued_as_error_for_orchestration} (failure), store result or error, metadata and execution time,
 *       append the handler's domain events to the outbox, and send the {@code orchestration_step_results} message
 *       with NOTIFY. If the step left {@code in_progress} meanwhile (cancelled, resolved, or its claim was recovered),
 *       the result is discarded.</li>
 * </ol>
 * At most {@code tasker.dispatcher.concurrency} steps run at once; NOTIFY wakes the dispatcher within
 * milliseconds, a fallback poll ({@code tasker.dispatcher.poll-interval}) covers missed notifications.
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
    private final Semaphore slots;
    private final WakeableLoop loop;
    private ExecutorService executor;
    private int queueOffset;

    public StepDispatcher(Database db, TemplateRegistry templates, HandlerLoader loader, HandlerRuntime runtime,
                          RuntimeLimits limits, TaskerConfig config, MeterRegistry meters) {
        this.db = db;
        this.templates = templates;
        this.loader = loader;
        this.runtime = runtime;
        this.limits = limits;
        this.config = config.dispatcher();
        this.meters = meters;
        this.slots = new Semaphore(this.config.concurrency());
        this.loop = new WakeableLoop("tasker-step-dispatcher", this::round, this.config.pollInterval());
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

    /** Wakes the dispatcher (a worker queue received messages). */
    public void wake() {
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
            for (QueueMessage message : Pgmq.read(db, queue, config.visibilityTimeoutSeconds(), max - handled)) {
                handle(queue, message);
                handled++;
            }
            if (handled >= max) {
                break;
            }
        }
        return handled;
    }

    private List<String> workerQueues() {
        return Pgmq.listQueues(db).stream().filter(Queues::isWorkerQueue).toList();
    }

    private Duration round() {
        List<String> queues = workerQueues();
        boolean read = false;
        for (int i = 0; i < queues.size() && slots.availablePermits() > 0; i++) {
            String queue = queues.get((queueOffset + i) % queues.size());
            List<QueueMessage> messages = Pgmq.read(db, queue, config.visibilityTimeoutSeconds(), slots.availablePermits());
            for (QueueMessage message : messages) {
                slots.acquireUninterruptibly();
                read = true;
                executor.execute(() -> {
                    try {
                        handle(queue, message);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "Step message %d of %s failed; an unclaimed message is redelivered after its"
                                + " visibility timeout, a claimed step is recovered after its timeout", message.msgId(), queue);
                    } finally {
                        slots.release();
                        loop.wake();
                    }
                });
            }
        }
        queueOffset++;
        if (slots.availablePermits() == 0) {
            return config.pollInterval(); // a finishing step wakes the loop
        }
        return read ? Duration.ZERO : config.pollInterval();
    }

    private void handle(String queue, QueueMessage message) {
        UUID stepUuid = UUID.fromString(message.message().path("step_uuid").asText());
        Optional<StepWork> claimed = claim(queue, message, stepUuid);
        if (claimed.isEmpty()) {
            return;
        }
        StepWork work = claimed.get();
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
        record(work, outcome);
    }

    private Optional<StepWork> claim(String queue, QueueMessage message, UUID stepUuid) {
        return db.transaction(tx -> {
            Pgmq.delete(tx, queue, message.msgId());
            if (!TransitionLog.STEPS.transition(tx, stepUuid, StepState.ENQUEUED, StepState.IN_PROGRESS, null)) {
                LOG.debugf("Skipping message %d of %s: step %s is not enqueued (duplicate or stale delivery)",
                        message.msgId(), queue, stepUuid);
                return Optional.empty();
            }
            tx.query("UPDATE tasker.workflow_steps SET attempts = attempts + 1, last_attempted_at = now(), updated_at = now()"
                    + " WHERE workflow_step_uuid = $1", stepUuid);
            return StepWorkReader.read(tx, stepUuid);
        });
    }

    private ExecutionOutcome execute(StepWork work) {
        RuntimeLimits stepLimits = work.timeoutSeconds() == null ? limits
                : limits.withTimeout(Duration.ofSeconds(work.timeoutSeconds()));
        LoadedHandler handler;
        try {
            Optional<LoadedHandler> loaded = loader.load(work.handlerDigest());
            if (loaded.isEmpty()) {
                return unavailable("module " + work.handlerDigest() + " of handler " + work.handlerName() + " is not stored");
            }
            handler = loaded.get();
        } catch (ModuleValidationException e) {
            return unavailable("module " + work.handlerDigest() + " of handler " + work.handlerName()
                    + " cannot be loaded: " + e.getMessage());
        }
        return runtime.execute(handler, StepWorkReader.invocation(work), stepLimits);
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
        ObjectNode json = ContractJson.toJson(outcome.result());
        boolean success = outcome.result() instanceof StepResult.Success;
        StepState target = success ? StepState.ENQUEUED_FOR_ORCHESTRATION : StepState.ENQUEUED_AS_ERROR_FOR_ORCHESTRATION;
        ObjectNode metadata = json.has("metadata") && json.get("metadata").isObject()
                ? (ObjectNode) json.get("metadata") : SqlJson.MAPPER.createObjectNode();
        for (String outcomeField : List.of("decision_point_outcome", "batch_processing_outcome")) {
            if (json.hasNonNull(outcomeField)) {
                metadata.set(outcomeField, json.get(outcomeField));
            }
        }
        db.transact(tx -> {
            if (!TransitionLog.STEPS.transition(tx, work.stepUuid(), StepState.IN_PROGRESS, target,
                    Json.object("attempt", work.attempt(), "execution_time_ms", outcome.executionTimeMs()))) {
                LOG.infof("Discarding the result of attempt %d of step %s (%s): the step left in_progress meanwhile",
                        work.attempt(), work.stepName(), work.stepUuid());
                return;
            }
            tx.query("UPDATE tasker.workflow_steps SET results = CASE WHEN $2 THEN $3::jsonb ELSE results END,"
                            + " error = CASE WHEN $2 THEN NULL ELSE $4::jsonb END, result_metadata = $5,"
                            + " execution_time_ms = $6, updated_at = now() WHERE workflow_step_uuid = $1",
                    work.stepUuid(), success, success ? json.get("result") : null, success ? null : json.get("error"),
                    metadata, outcome.executionTimeMs());
            if (outcome.result() instanceof StepResult.Success ok) {
                for (StepResult.DomainEvent event : ok.events()) {
                    Outbox.step(tx, work.stepUuid(), "step.domain_event", Json.object("name", event.name(),
                            "payload", event.payload(), "task_uuid", work.taskUuid(), "step_uuid", work.stepUuid()));
                }
            }
            Queues.enqueue(tx, Queues.STEP_RESULTS, work.taskUuid(), work.stepUuid(), work.correlationId());
        });
    }
}
