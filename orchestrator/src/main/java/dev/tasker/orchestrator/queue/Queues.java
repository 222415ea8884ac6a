package dev.tasker.orchestrator.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;

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
 * database. {@link #enqueue} sends the message and {@code pg_notify(}{@value #CHANNEL}{@code , queue)} in the
 * caller's transaction, so consumers are woken when (and only if) it commits.
 */
public final class Queues {

    /** The queue carrying step results to orchestration. */
    public static final String STEP_RESULTS = "orchestration_step_results";
    /** NOTIFY channel; the payload is the name of the queue that received messages. */
    public static final String CHANNEL = "tasker_queue_activity";

    private static final Pattern WORKER_QUEUE = Pattern.compile("^worker_([a-z][a-z0-9_]*)_queue$");

    private Queues() {
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
     * Sends a step message and schedules the wake-up NOTIFY, both in the caller's transaction.
     *
     * @param sql           the transaction that also records the state change causing the message
     * @param queue         the target queue
     * @param taskUuid      the task
     * @param stepUuid      the workflow step
     * @param correlationId the task's correlation id, or {@code null}
     * @return the message id
     */
    public static long enqueue(SqlExecutor sql, String queue, UUID taskUuid, UUID stepUuid, String correlationId) {
        long id = Pgmq.send(sql, queue, message(taskUuid, stepUuid, correlationId));
        sql.query("SELECT pg_notify($1, $2)", CHANNEL, queue);
        return id;
    }

    /** @return {@code {"task_uuid", "step_uuid", "correlation_id"}}. */
    public static ObjectNode message(UUID taskUuid, UUID stepUuid, String correlationId) {
        ObjectNode m = SqlJson.MAPPER.createObjectNode();
        m.put("task_uuid", taskUuid.toString());
        m.put("step_uuid", stepUuid.toString());
        if (correlationId == null) {
            m.putNull("correlation_id");
        } else {
            m.put("correlation_id", correlationId);
        }
        return m;
    }
}
