package dev.tasker.orchestrator.outbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.SqlExecutor;

import java.util.UUID;

/**
 * Appends lifecycle and domain events to {@code tasker.outbox} in the transaction of the state change that caused
 * them, for a relay to publish (e.g. to Kafka) in {@code outbox_id} order.
 *
 * <p>Event types: {@code task.created}, {@code task.complete}, {@code task.error}, {@code task.cancelled},
 * {@code task.resolved_manually}; {@code step.complete}, {@code step.error}; and {@code step.domain_event} for the
 * {@code events} a handler returns (payload {@code {name, payload, task_uuid, step_uuid}}). The SQL hot path appends
 * the task events and the batched step events itself (migrations V16, V17); this class serves the Java-side step
 * events.
 */
public final class Outbox {

    private Outbox() {
    }

    /** Appends a workflow step event. */
    public static void step(SqlExecutor sql, UUID stepUuid, String eventType, ObjectNode payload) {
        append(sql, "workflow_step", stepUuid, eventType, payload);
    }

    private static void append(SqlExecutor sql, String aggregateType, UUID uuid, String eventType, ObjectNode payload) {
        sql.query("SELECT tasker.append_outbox($1, $2, $3, $4)", aggregateType, uuid, eventType, payload);
    }
}
