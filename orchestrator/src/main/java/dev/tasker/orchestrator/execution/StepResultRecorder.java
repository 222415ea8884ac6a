package dev.tasker.orchestrator.execution;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.GroupCommit;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.StepResult;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Records step attempts' outcomes with group commit ({@link GroupCommit}): the thread that finished a handler hands
 * its outcome over and waits until it is committed; outcomes that arrive while one call of
 * {@code tasker.record_step_results} (migration V8) is being written share the next call. A batch holds at most one
 * outcome per claimed step, so its size is bounded by {@code tasker.dispatcher.max-unrecorded}.
 *
 * <p>Each outcome is written as V4's {@code record_step_result} wrote it (since V16 one statement per operation for
 * the whole batch): CAS {@code in_progress →
 * enqueued_for_orchestration} (success) or {@code enqueued_as_error_for_orchestration} (failure), result or error,
 * result metadata (with a decision or batchable step's outcome), execution time (ms), the handler's domain events as
 * outbox rows, and the {@code orchestration_step_results} message, whose consumers are woken after the commit.
 *
 * <p>Nothing is lost to a bad neighbour: when a batch's call fails, its outcomes are recorded one call each, so
 * only the outcome that fails on its own reports the failure to its thread.
 */
final class StepResultRecorder {

    private record Outcome(UUID stepUuid, ObjectNode row) {
    }

    private final SqlExecutor sql;
    private final Runnable resultsSent;
    private final GroupCommit<Outcome, Boolean> commits = new GroupCommit<>("step results", this::call);

    /**
     * @param sql         runs each {@code record_step_results} call in a transaction of its own
     * @param resultsSent called after a call that recorded at least one outcome has committed, to wake the consumers
     *                    of {@code orchestration_step_results} (the call itself does not NOTIFY, see migration V11)
     */
    StepResultRecorder(SqlExecutor sql, Runnable resultsSent) {
        this.sql = sql;
        this.resultsSent = resultsSent;
    }

    /**
     * Records one attempt's outcome and waits until it is committed (blocks the calling thread, meant to be a
     * virtual thread).
     *
     * @param work    the claimed step
     * @param outcome the handler's outcome
     * @return {@code true} when recorded; {@code false} when the step left {@code in_progress} meanwhile (cancelled,
     * resolved, or its claim recovered), and nothing was written
     * @throws RuntimeException when the database rejects this outcome (the claim is then recovered after its
     *                          timeout and the step runs again)
     */
    boolean record(StepWork work, ExecutionOutcome outcome) {
        return commits.write(new Outcome(work.stepUuid(), row(work, outcome)));
    }

    /** @return outcomes queued behind the call being written (for tests and diagnostics) */
    int queued() {
        return commits.queued();
    }

    private List<Boolean> call(List<Outcome> batch) {
        ArrayNode results = SqlJson.MAPPER.createArrayNode();
        batch.forEach(outcome -> results.add(outcome.row()));
        Set<UUID> recorded = new HashSet<>(sql.list("SELECT * FROM tasker.record_step_results($1)",
                row -> row.getUUID(0), results));
        if (!recorded.isEmpty()) {
            resultsSent.run();
        }
        return batch.stream().map(outcome -> recorded.contains(outcome.stepUuid())).toList();
    }

    /** The element of {@code record_step_results}' array for one outcome (see the class comment). */
    private static ObjectNode row(StepWork work, ExecutionOutcome outcome) {
        ObjectNode json = ContractJson.toJson(outcome.result());
        boolean success = outcome.result() instanceof StepResult.Success;
        ObjectNode metadata = json.has("metadata") && json.get("metadata").isObject()
                ? (ObjectNode) json.get("metadata") : SqlJson.MAPPER.createObjectNode();
        for (String outcomeField : List.of("decision_point_outcome", "batch_processing_outcome")) {
            if (json.hasNonNull(outcomeField)) {
                metadata.set(outcomeField, json.get(outcomeField));
            }
        }
        ArrayNode events = SqlJson.MAPPER.createArrayNode();
        if (outcome.result() instanceof StepResult.Success ok) {
            ok.events().forEach(event -> events.add(Json.object("name", event.name(), "payload", event.payload())));
        }
        ObjectNode row = SqlJson.MAPPER.createObjectNode()
                .put("task_uuid", work.taskUuid().toString())
                .put("step_uuid", work.stepUuid().toString())
                .put("correlation_id", work.correlationId())
                .put("attempt", work.attempt())
                .put("success", success)
                .put("execution_time_ms", outcome.executionTimeMs());
        String field = success ? "result" : "error";
        if (json.has(field)) {
            row.set(field, json.get(field));
        }
        row.set("metadata", metadata);
        row.set("events", events);
        return row;
    }
}
