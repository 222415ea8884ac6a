package dev.tasker.orchestrator.results;

import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.task.TaskCoordinator;
import dev.tasker.orchestrator.work.WakeableLoop;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Re-enqueues workflow steps whose retry backoff expired: finds tasks with a {@code waiting_for_retry} step whose
 * {@code next_retry_at} has passed and runs {@link TaskCoordinator#advance} on each (under its row lock, skipping
 * tasks another instance is processing right now). Sleeps until the earliest pending backoff ends, at most
 * {@code tasker.retry.poll-interval}; the result processor wakes it when it schedules a retry.
 */
@ApplicationScoped
public class RetryScheduler {

    private static final String WAITING = "FROM tasker.workflow_steps ws JOIN tasker.workflow_step_transitions t"
            + " ON t.workflow_step_uuid = ws.workflow_step_uuid AND t.most_recent AND t.to_state = 'waiting_for_retry'";

    private final Database db;
    private final Duration pollInterval;
    private final WakeableLoop loop;

    public RetryScheduler(Database db, TaskerConfig config) {
        this.db = db;
        this.pollInterval = config.retry().pollInterval();
        this.loop = new WakeableLoop("tasker-retry-scheduler", this::round, pollInterval);
    }

    /** Starts the scheduler (idempotent). */
    public void start() {
        loop.start();
    }

    /** Stops after the current round. */
    public void stop(Duration timeout) {
        loop.stop(timeout);
    }

    /** Re-checks at once (a retry was scheduled). */
    public void wake() {
        loop.wake();
    }

    private Duration round() {
        enqueueDue();
        OffsetDateTime next = db.first("SELECT min(ws.next_retry_at) " + WAITING, row -> row.getOffsetDateTime(0))
                .orElse(null);
        if (next == null) {
            return pollInterval;
        }
        Duration untilNext = Duration.between(OffsetDateTime.now(), next);
        if (untilNext.isNegative()) {
            return Duration.ofMillis(10);
        }
        return untilNext.compareTo(pollInterval) < 0 ? untilNext : pollInterval;
    }

    /**
     * Advances every task with an expired backoff, on the calling thread (the loop's work; also for tests).
     *
     * @return the number of tasks advanced
     */
    public int enqueueDue() {
        int advanced = 0;
        List<UUID> due = db.list("SELECT DISTINCT ws.task_uuid " + WAITING + " WHERE ws.next_retry_at <= now()",
                row -> row.getUUID(0));
        for (UUID task : due) {
            boolean done = db.transaction(tx -> {
                TaskCoordinator.TaskRef ref = TaskCoordinator.tryLockTask(tx, task);
                if (ref == null) {
                    return false;
                }
                TaskCoordinator.advance(tx, ref);
                return true;
            });
            advanced += done ? 1 : 0;
        }
        return advanced;
    }
}
