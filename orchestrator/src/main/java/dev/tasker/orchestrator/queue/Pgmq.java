package dev.tasker.orchestrator.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import io.vertx.mutiny.sqlclient.Row;

import java.util.List;

/**
 * Calls PGMQ's SQL API ({@code pgmq.create}, {@code send}, {@code read}, {@code delete}, {@code set_vt},
 * {@code metrics}, {@code list_queues}); works the same on the {@code pgmq} extension and on Tasker's compatible
 * schema ({@code pgmq/tasker-pgmq-compat.sql}). Every call takes the {@link SqlExecutor} to run on, so sending
 * a message joins the caller's transaction ("state before queue": the state change and the message it causes
 * commit together).
 */
public final class Pgmq {

    private Pgmq() {
    }

    /** Creates a queue unless {@code pgmq.meta} already lists it ({@code pgmq.create}; idempotent). */
    public static void create(SqlExecutor sql, String queue) {
        sql.query("SELECT pgmq.create($1) WHERE NOT EXISTS (SELECT 1 FROM pgmq.meta WHERE queue_name = $1)", queue);
    }

    /**
     * Sends a message visible at once.
     *
     * @return the new message id
     */
    public static long send(SqlExecutor sql, String queue, JsonNode message) {
        return sql.first("SELECT * FROM pgmq.send($1, $2::jsonb)", row -> row.getLong(0), queue, message).orElseThrow();
    }

    /**
     * Reads up to {@code qty} visible messages, hiding each for {@code vtSeconds} (at-least-once delivery: a message
     * that is not deleted reappears after that). Concurrent readers never receive the same message.
     *
     * @return the messages in id order (empty when none is visible)
     */
    public static List<QueueMessage> read(SqlExecutor sql, String queue, int vtSeconds, int qty) {
        return sql.list("SELECT msg_id, read_ct, enqueued_at, vt, message FROM pgmq.read($1, $2, $3)",
                Pgmq::message, queue, vtSeconds, qty);
    }

    /** @return the message in a row with pgmq's columns {@code msg_id, read_ct, enqueued_at, vt, message} */
    public static QueueMessage message(Row row) {
        return new QueueMessage(row.getLong("msg_id"), row.getInteger("read_ct"), row.getOffsetDateTime("enqueued_at"),
                row.getOffsetDateTime("vt"), SqlJson.fromSql(row.getValue("message")));
    }

    /** @return whether the message existed and was deleted. */
    public static boolean delete(SqlExecutor sql, String queue, long msgId) {
        return sql.first("SELECT pgmq.delete($1, $2::bigint)", row -> row.getBoolean(0), queue, msgId).orElse(false);
    }

    /** @return the queue's metrics ({@code pgmq.metrics}). */
    public static QueueMetrics metrics(SqlExecutor sql, String queue) {
        return sql.first("SELECT queue_name, queue_length, queue_visible_length, oldest_msg_age_sec, total_messages"
                        + " FROM pgmq.metrics($1)",
                row -> new QueueMetrics(row.getString("queue_name"), row.getLong("queue_length"),
                        row.getLong("queue_visible_length"), row.getInteger("oldest_msg_age_sec"),
                        row.getLong("total_messages")),
                queue).orElseThrow();
    }

    /** @return the names of all queues ({@code pgmq.list_queues}). */
    public static List<String> listQueues(SqlExecutor sql) {
        return sql.list("SELECT queue_name FROM pgmq.list_queues()", row -> row.getString(0));
    }
}
