package dev.tasker.orchestrator.recovery;

import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TransitionLog;
import dev.tasker.orchestrator.task.TaskCoordinator;
import dev.tasker.orchestrator.work.WakeableLoop;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Recovers workflow steps whose claim was lost: a step {@code in_progress} for longer than its timeout
 * ({@code timeout_seconds}, else its handler version's {@code timeout_ms}, else {@code tasker.runtime.default-timeout};
 * see {@link dev.tasker.orchestrator.registry.HandlerLimits#forStep}) plus {@code tasker.recovery.grace} was
 * claimed by a dispatcher that stopped (crash, kill, restart) before recording a result. Such a step is failed
 * retryably, in one transaction: CAS {@code in_progress → enqueued_as_error_for_orchestration} with error type
 * {@value #CLAIM_EXPIRED}, and a message to {@code orchestration_step_results}; result processing then retries it
 * per its policy (the lost attempt counts). Runs at start and every {@code tasker.recovery.interval}.
 *
 * <p>Step messages are never lost: they are deleted only in the claim transaction, and a message read but not
 * claimed becomes visible again after its visibility timeout (PGMQ semantics).
 */
@ApplicationScoped
public class ClaimRecovery {

    /** Error type of a recovered claim. */
    public static final String CLAIM_EXPIRED = "claim_expired";
    private static final Logger LOG = Logger.getLogger(ClaimRecovery.class);

    private final Database db;
    private final Duration defaultTimeout;
    private final Duration grace;
    private final WakeableLoop loop;

    public ClaimRecovery(Database db, TaskerConfig config) {
        this.db = db;
        this.defaultTimeout = config.runtime().defaultTimeout();
        this.grace = config.recovery().grace();
        Duration interval = config.recovery().interval();
        this.loop = new WakeableLoop("tasker-claim-recovery", () -> {
            recover();
            return interval;
        }, interval);
    }

    /** Starts periodic recovery, beginning with a pass at once (idempotent). */
    public void start() {
        loop.start();
    }

    /** Stops after the current pass. */
    public void stop(Duration timeout) {
        loop.stop(timeout);
    }

    /**
     * One recovery pass.
     *
     * @return the number of steps recovered
     */
    public int recover() {
        List<Row> abandoned = db.list("SELECT ws.workflow_step_uuid, ws.task_uuid, ws.attempts, ws.name"
                        + " FROM tasker.workflow_steps ws JOIN tasker.workflow_step_transitions t"
                        + "  ON t.workflow_step_uuid = ws.workflow_step_uuid AND t.most_recent AND t.to_state = 'in_progress'"
                        + " LEFT JOIN tasker.handler_versions v ON v.name = ws.handler_name AND v.digest = ws.handler_digest"
                        + " WHERE t.created_at < now()"
                        + "  - make_interval(secs => COALESCE(ws.timeout_seconds, v.timeout_ms / 1000.0, $1) + $2)",
                row -> row, (double) defaultTimeout.toSeconds(), (double) grace.toSeconds());
        int recovered = 0;
        for (Row row : abandoned) {
            UUID step = row.getUUID("workflow_step_uuid");
            UUID task = row.getUUID("task_uuid");
            int attempt = row.getInteger("attempts");
            boolean done = db.transaction(tx -> {
                TaskCoordinator.TaskRef ref = TaskCoordinator.lockTask(tx, task);
                if (ref == null || !TransitionLog.STEPS.transition(tx, step, StepState.IN_PROGRESS,
                        StepState.ENQUEUED_AS_ERROR_FOR_ORCHESTRATION, Json.object("reason", CLAIM_EXPIRED, "attempt", attempt))) {
                    return false;
                }
                tx.query("UPDATE tasker.workflow_steps SET error = $2, updated_at = now() WHERE workflow_step_uuid = $1",
                        step, Json.object("message", "no result for attempt " + attempt + " within the step timeout plus "
                                + grace.toSeconds() + " s: the dispatcher that claimed it stopped",
                                "error_type", CLAIM_EXPIRED, "retryable", true));
                Queues.enqueue(tx, Queues.STEP_RESULTS, task, step, ref.correlationId());
                return true;
            });
            if (done) {
                recovered++;
                LOG.warnf("Recovered step %s (%s) of task %s: claim of attempt %d expired", row.getString("name"), step,
                        task, attempt);
            }
        }
        return recovered;
    }
}
