package dev.tasker.orchestrator.queue;

import dev.tasker.orchestrator.db.SqlExecutor;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Tasker's queues (DESIGN §3) and the NOTIFY that wakes their consumers.
 *
 * <ul>
 *   <li>{@code worker_{namespace}_queue}: workflow steps to execute;</li>
 *   <li>{@code orchestration_step_results}: results back to orchestration.</li>
 * </ul>
 * Messages carry ids only, {@code {"task_uuid", "step_uuid", "correlation_id"}}; consumers read the rest from the
 * database. {@link #enqueue} sends the message in the caller's transaction and asks for the {@value #CHANNEL}
 * wake-up ({@code tasker.send_step_message}, which the SQL hot path uses too; a {@link dev.tasker.orchestrator.db.Signal}
 * since migration V11), so consumers are woken once (and only if) it commits.
 */
public final class Queues {

    /** The queue carrying step results to orchestration. */
    public static final String STEP_RESULTS = "orchestration_step_results";
    /** NOTIFY channel; the payload is the name of the queue that received messages. */
    public static final String CHANNEL = "tasker_queue_activity";

    private static final Pattern WORKER_QUEUE = Pattern.compile("^worker_([a-z][a-z0-9_]*)_queue$");

    private Queues() {
    }

    /**
     * Creates {@code queue} unless it exists ({@code pgmq.create}) and gives its table the vacuum parameters of a
     * table that turns over all its rows every few seconds ({@code tasker.tune_queue_vacuum}, migration V18: due
     * for vacuum after 500 dead messages whatever its size, vacuumed without throttling).
     *
     * @param sql   where to run it (the caller's transaction)
     * @param queue the queue name
     */
    public static void create(SqlExecutor sql, String queue) {
        Pgmq.create(sql, queue);
        sql.query("SELECT tasker.tune_queue_vacuum($1)", queue);
    }

    /** @return {@code worker_{namespace}_queue}. */
    public static String workerQueue(String namespace) {
        return "worker_" + namespace + "_queue";
    }

    /** @return whether {@code queue} is a worker queue ({@code worker_{namespace}_queue}). */
    public static boolean isWorkerQueue(String queue) {
        return WORKER_QUEUE.matcher(queue).matches();
    }

    /**
     * Sends a step message in the caller's transaction and asks for its consumers' wake-up, which
     * {@link dev.tasker.orchestrator.db.Database#transaction} publishes after the commit.
     *
     * @param sql           the transaction that also records the state change causing the message
     * @param queue         the target queue
     * @param taskUuid      the task
     * @param stepUuid      the workflow step
     * @param correlationId the task's correlation id, or {@code null}
     * @return the message id
     */
    public static long enqueue(SqlExecutor sql, String queue, UUID taskUuid, UUID stepUuid, String correlationId) {
        return sql.first("SELECT tasker.send_step_message($1, $2, $3, $4)", row -> row.getLong(0),
                queue, taskUuid, stepUuid, correlationId).orElseThrow();
    }
}
