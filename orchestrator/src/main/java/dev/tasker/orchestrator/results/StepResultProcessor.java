package dev.tasker.orchestrator.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.NotificationPublisher;
import dev.tasker.orchestrator.db.Signal;
import dev.tasker.orchestrator.db.SqlExecutor;
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
import dev.tasker.orchestrator.task.StepFactory;
import dev.tasker.orchestrator.task.TaskCoordinator;
import dev.tasker.orchestrator.template.RetryPolicy;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.work.WakeableLoop;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Result processing (DESIGN §3): consumes {@code orchestration_step_results} and, for each message, in ONE
 * transaction holding the task's row lock:
 * <ul>
 *   <li>{@code enqueued_for_orchestration} → {@code complete}; a decision or batchable step's outcome creates its
 *       steps here ({@link DynamicOutcomes}, DESIGN §4);</li>
 *   <li>{@code enqueued_as_error_for_orchestration} → {@code error} when the error is not retryable, the step's
 *       retry policy is not retryable, or this was the last attempt ({@code attempts >= max_attempts}); otherwise
 *       → {@code waiting_for_retry} with {@code next_retry_at = now + }{@link RetryBackoff#delayMs};</li>
 *   <li>a step in any other state (duplicate delivery): nothing;</li>
 * </ul>
 * then {@link TaskCoordinator#advance} (enqueues steps that became ready, finalises the task) and deletes the
 * message. A failing message is retried after its visibility timeout; after {@value #MAX_DELIVERIES} deliveries it
 * is archived ({@code pgmq.a_orchestration_step_results}) and logged, so one poison message cannot stall the queue.
 *
 * <p>The common case runs in the database, one round trip per batch of up to {@code tasker.results.batch-size}
 * messages ({@code tasker.process_step_results}, migrations V4, V16, V21): it locks the visible messages
 * ({@code FOR UPDATE SKIP LOCKED}) and the batch's tasks, completes standard steps, advances each task once and
 * deletes the messages it processed. Tasks with a failed step or a decision/batchable step are left to the
 * per-message Java path above: their messages are hidden for {@code tasker.results.visibility-timeout-seconds} with
 * their delivery counted, as {@code pgmq.read} would. The whole batch goes that way when the batched call fails.
 */
@ApplicationScoped
public class StepResultProcessor {

    private static final Logger LOG = Logger.getLogger(StepResultProcessor.class);
    static final int MAX_DELIVERIES = 10;

    private final Database db;
    private final NotificationPublisher publisher;
    private final TemplateRegistry templates;
    private final TaskerConfig.Results config;
    private final RetryScheduler retries;
    private final RetryBackoff backoff = new RetryBackoff(RandomGenerator.getDefault());
    private final WakeableLoop loop;

    public StepResultProcessor(Database db, TemplateRegistry templates, TaskerConfig config, RetryScheduler retries,
                               NotificationPublisher publisher) {
        this.db = db;
        this.publisher = publisher;
        this.templates = templates;
        this.config = config.results();
        this.retries = retries;
        this.loop = new WakeableLoop("tasker-result-processor", this::round, this.config.pollInterval());
    }

    /** Starts consuming (idempotent). */
    public void start() {
        loop.start();
    }

    /** Stops after the current round. */
    public void stop(Duration timeout) {
        loop.stop(timeout);
    }

    /** Wakes the processor (the results queue received messages). */
    public void wake() {
        loop.wake();
    }

    /** A batch smaller than the batch size drained the queue: sleep until a NOTIFY (or the fallback poll). */
    private Duration round() {
        return processOnce() < config.batchSize() ? config.pollInterval() : Duration.ZERO;
    }

    /**
     * Processes the result messages available now (up to {@code tasker.results.batch-size}) on the calling thread.
     * The background loop calls this; embedding code and step-by-step tests may too.
     *
     * @return the number of messages read
     */
    public int processOnce() {
        List<QueueMessage> deferred = new ArrayList<>();
        int read;
        try {
            // A PL/pgSQL set-returning function runs to its end before its first row is returned, so every row
            // carries all the wake-up signals the call asked for (steps enqueued, tasks finished); the rows arrive
            // once the statement's own transaction has committed.
            RowSet<Row> batch = db.query("SELECT r.msg_id, r.read_ct, r.enqueued_at, r.vt, r.message, r.processed,"
                    + " current_setting('" + Signal.SETTING + "', true) AS signals"
                    + " FROM tasker.process_step_results($1, $2) r", config.visibilityTimeoutSeconds(), config.batchSize());
            String signals = null;
            for (Row row : batch) {
                signals = row.getString("signals");
                if (!row.getBoolean("processed")) {
                    deferred.add(Pgmq.message(row));
                }
            }
            publisher.publish(Signal.parse(signals));
            read = batch.size();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Batched result processing failed; processing the messages one by one");
            deferred.addAll(Pgmq.read(db, Queues.STEP_RESULTS, config.visibilityTimeoutSeconds(), config.batchSize()));
            read = deferred.size();
        }
        processEach(deferred);
        return read;
    }

    private void processEach(List<QueueMessage> messages) {
        for (QueueMessage message : messages) {
            try {
                process(message);
            } catch (RuntimeException e) {
                if (message.readCount() >= MAX_DELIVERIES) {
                    db.query("SELECT pgmq.archive($1, $2::bigint)", Queues.STEP_RESULTS, message.msgId());
                    LOG.errorf(e, "Archived step result message %d after %d failed deliveries: %s",
                            message.msgId(), message.readCount(), message.message());
                } else {
                    LOG.warnf(e, "Step result message %d failed (delivery %d); retrying after its visibility timeout",
                            message.msgId(), message.readCount());
                }
            }
        }
    }

    /**
     * Processes one result message (see class comment).
     *
     * @param message a message of {@code orchestration_step_results}
     */
    void process(QueueMessage message) {
        UUID taskUuid = UUID.fromString(message.message().path("task_uuid").asText());
        UUID stepUuid = UUID.fromString(message.message().path("step_uuid").asText());
        boolean retryScheduled = db.transaction(tx -> {
            TaskCoordinator.TaskRef task = TaskCoordinator.lockTask(tx, taskUuid);
            boolean scheduled = false;
            if (task != null) {
                scheduled = apply(tx, stepUuid);
                TaskCoordinator.advance(tx, task);
            }
            Pgmq.delete(tx, Queues.STEP_RESULTS, message.msgId());
            return scheduled;
        });
        if (retryScheduled) {
            retries.wake();
        }
    }

    /**
     * Creates the steps a completed decision or batchable step asked for (DESIGN §4). The dispatcher validated the
     * outcome before recording it, so an invalid one here is a bug.
     */
    private void expand(SqlExecutor sql, UUID stepUuid) {
        Row step = sql.query("SELECT ws.task_uuid, ws.template_step_name, ws.step_type, ws.result_metadata,"
                + " t.template_uuid, t.handler_pins FROM tasker.workflow_steps ws"
                + " JOIN tasker.tasks t ON t.task_uuid = ws.task_uuid WHERE ws.workflow_step_uuid = $1", stepUuid)
                .iterator().next();
        String type = step.getString("step_type");
        if (!type.equals("decision") && !type.equals("batchable")) {
            return;
        }
        UUID task = step.getUUID("task_uuid");
        TaskTemplate template = templates.byUuid(step.getUUID("template_uuid")).orElseThrow().template();
        Set<String> existing = new HashSet<>(sql.list("SELECT DISTINCT template_step_name FROM tasker.workflow_steps"
                + " WHERE task_uuid = $1", row -> row.getString(0), task));
        try {
            List<StepFactory.NewStep> steps = DynamicOutcomes.stepsToCreate(template, step.getString("template_step_name"),
                    SqlJson.fromSql(step.getValue("result_metadata")), existing);
            StepFactory.create(sql, task, template, SqlJson.fromSql(step.getValue("handler_pins")), steps);
        } catch (DynamicOutcomes.InvalidOutcomeException e) {
            throw new IllegalStateException("step " + stepUuid + " completed with an invalid outcome: " + e.getMessage(), e);
        }
    }

    /** @return whether the step now waits for a retry */
    private boolean apply(SqlExecutor sql, UUID stepUuid) {
        StepState state = TransitionLog.STEPS.current(sql, stepUuid).orElse(null);
        if (state == StepState.ENQUEUED_FOR_ORCHESTRATION) {
            sql.query("SELECT tasker.complete_step($1)", stepUuid);
            expand(sql, stepUuid);
            return false;
        }
        if (state != StepState.ENQUEUED_AS_ERROR_FOR_ORCHESTRATION) {
            LOG.debugf("Ignoring a result for step %s in state %s (duplicate delivery)", stepUuid, state);
            return false;
        }
        Row step = sql.query("SELECT attempts, max_attempts, retryable, backoff, backoff_base_ms, max_backoff_ms, error"
                + " FROM tasker.workflow_steps WHERE workflow_step_uuid = $1", stepUuid).iterator().next();
        JsonNode error = SqlJson.fromSql(step.getValue("error"));
        int attempts = step.getInteger("attempts");
        RetryPolicy policy = new RetryPolicy(step.getBoolean("retryable"), step.getInteger("max_attempts"),
                RetryPolicy.Backoff.valueOf(step.getString("backoff").toUpperCase(Locale.ROOT)),
                step.getLong("backoff_base_ms"), step.getLong("max_backoff_ms"));
        boolean errorRetryable = error != null && error.path("retryable").asBoolean(false);
        if (!errorRetryable || !policy.retryable() || attempts >= policy.maxAttempts()) {
            String reason = !errorRetryable ? "error not retryable"
                    : !policy.retryable() ? "step not retryable" : "attempts exhausted";
            TransitionLog.STEPS.transition(sql, stepUuid, state, StepState.ERROR,
                    Json.object("reason", reason, "attempts", attempts));
            sql.query("UPDATE tasker.workflow_steps SET updated_at = now() WHERE workflow_step_uuid = $1", stepUuid);
            Outbox.step(sql, stepUuid, "step.error", Json.object("step_uuid", stepUuid, "error", error,
                    "attempts", attempts, "reason", reason));
            return false;
        }
        JsonNode requested = error.get("retry_after_ms");
        long delayMs = backoff.delayMs(policy, attempts,
                requested == null || !requested.canConvertToLong() ? null : requested.asLong());
        sql.query("UPDATE tasker.workflow_steps SET next_retry_at = now() + make_interval(secs => $2::double precision / 1000),"
                + " updated_at = now() WHERE workflow_step_uuid = $1", stepUuid, (double) delayMs);
        TransitionLog.STEPS.transition(sql, stepUuid, state, StepState.WAITING_FOR_RETRY,
                Json.object("delay_ms", delayMs, "attempts", attempts, "attempt_error", error));
        return true;
    }
}
