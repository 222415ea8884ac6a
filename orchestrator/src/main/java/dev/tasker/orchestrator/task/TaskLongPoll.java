package dev.tasker.orchestrator.task;

import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.state.TaskState;
import dev.tasker.orchestrator.state.TransitionLog;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Reads a task after waiting, without holding a thread, until it is in a terminal state ({@code complete},
 * {@code error}, {@code cancelled}, {@code resolved_manually}) or a wait time has passed: the long-poll of
 * {@code GET /v1/tasks/{task_uuid}?wait_ms=}.
 *
 * <p>How: register a {@link TaskCompletionWaiters waiter} first, then read the task's state (so a task finishing
 * in between is not missed); a terminal task is answered at once. Otherwise the answer waits for the task's
 * {@value TaskCompletionWaiters#CHANNEL} notification, re-reading the state every {@link #RECHECK} in case a
 * notification was lost (the LISTEN connection reconnecting), and is read when the task finished or the wait time is
 * over. Database reads run on the Quarkus worker pool ({@link Database} blocks); the waiting itself holds no thread.
 */
@ApplicationScoped
public class TaskLongPoll {

    /** Longest wait a request may ask for, ms. */
    public static final long MAX_WAIT_MS = 60_000;
    /** Time between two reads of a waited-for task's state when no notification arrives. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final Database db;
    private final TaskQueries queries;
    private final TaskCompletionWaiters waiters;

    public TaskLongPoll(Database db, TaskQueries queries, TaskCompletionWaiters waiters) {
        this.db = db;
        this.queries = queries;
        this.waiters = waiters;
    }

    /**
     * Parses the {@code wait_ms} query parameter.
     *
     * @param waitMs the parameter as sent, or {@code null} when absent
     * @return the wait time: 0 when absent
     * @throws IllegalArgumentException when it is not an integer from 0 to {@value #MAX_WAIT_MS}
     */
    public static Duration waitTime(String waitMs) {
        if (waitMs == null) {
            return Duration.ZERO;
        }
        try {
            long ms = Long.parseLong(waitMs.strip());
            if (ms >= 0 && ms <= MAX_WAIT_MS) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("wait_ms must be an integer between 0 and " + MAX_WAIT_MS
                + " (milliseconds), got '" + waitMs + "'");
    }

    /**
     * The task as soon as it is in a terminal state, or as it is once {@code wait} has passed. Call on a worker
     * thread (the first read happens before returning).
     *
     * @param taskUuid the task
     * @param wait     how long to wait at most; zero reads the task at once
     * @return the task view, read when it finished or the wait was over (so possibly not terminal)
     * @throws TaskNotFoundException when the task does not exist (thrown, or as the Uni's failure)
     */
    public Uni<TaskView> task(UUID taskUuid, Duration wait) {
        if (wait.isZero()) {
            return read(taskUuid);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        TaskCompletionWaiters.Waiter waiter = waiters.register(taskUuid);
        Uni<TaskView> answer;
        try {
            answer = finished(taskUuid) ? read(taskUuid) : awaitEnd(taskUuid, waiter, deadline);
        } catch (RuntimeException e) {
            waiter.close();
            throw e;
        }
        return answer.onTermination().invoke(waiter::close);
    }

    /** Waits for a notification or {@link #RECHECK}, whichever is first, then reads or waits again (worker thread). */
    private Uni<TaskView> awaitEnd(UUID taskUuid, TaskCompletionWaiters.Waiter waiter, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return read(taskUuid);
        }
        return Uni.createFrom().completionStage(waiter.finished()).onItem().transform(ignored -> true)
                .ifNoItem().after(Duration.ofNanos(Math.min(remaining, RECHECK.toNanos()))).recoverWithItem(false)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(notified -> notified || finished(taskUuid)
                        ? read(taskUuid) : awaitEnd(taskUuid, waiter, deadline));
    }

    /**
     * @return whether the task is in a terminal state (one index probe)
     * @throws TaskNotFoundException when it does not exist
     */
    private boolean finished(UUID taskUuid) {
        return TransitionLog.TASKS.current(db, taskUuid).map(TaskState::isTerminal)
                .orElseThrow(() -> new TaskNotFoundException("no task " + taskUuid));
    }

    private Uni<TaskView> read(UUID taskUuid) {
        return Uni.createFrom().item(queries.task(taskUuid));
    }
}
