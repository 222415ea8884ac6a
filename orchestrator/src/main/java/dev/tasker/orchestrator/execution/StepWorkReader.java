package dev.tasker.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.runtime.contract.StepInvocation;

import io.vertx.mutiny.sqlclient.Row;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Claims {@link StepWork} and turns it into the handler's {@link StepInvocation} (DESIGN §2). */
public final class StepWorkReader {

    private StepWorkReader() {
    }

    /**
     * Claims up to {@code max} messages of a worker queue in one round trip ({@code tasker.claim_steps}, migration
     * V21): locks the visible messages with the lowest msg_ids that no other consumer holds ({@code SKIP LOCKED}),
     * deletes them, moves the steps still {@code enqueued} to {@code in_progress} and counts their attempt, all in
     * one transaction (a message without a {@code step_uuid} is archived instead).
     *
     * @param sql   where to run (the function's statements share one transaction)
     * @param queue a {@code worker_{namespace}_queue}
     * @param max   messages to consume at most
     * @return the work of each claimed step; dependency results ordered by step name
     */
    public static List<StepWork> claim(SqlExecutor sql, String queue, int max) {
        if (max <= 0) {
            return List.of();
        }
        return sql.list("SELECT * FROM tasker.claim_steps($1, $2)", StepWorkReader::work, queue, max);
    }

    private static StepWork work(Row row) {
        Map<String, JsonNode> dependencyResults = new TreeMap<>();
        SqlJson.fromSql(row.getValue("dependency_results")).properties()
                .forEach(entry -> dependencyResults.put(entry.getKey(), entry.getValue()));
        return new StepWork(row.getUUID("task_uuid"), row.getUUID("workflow_step_uuid"), row.getString("namespace"),
                row.getString("task_name"), row.getString("task_version"), SqlJson.fromSql(row.getValue("context")),
                row.getString("correlation_id"), row.getUUID("template_uuid"), row.getString("template_step_name"),
                row.getString("step_type"), row.getString("step_name"), row.getInteger("attempts"),
                row.getInteger("max_attempts"), row.getString("handler_name"), row.getString("handler_digest"),
                SqlJson.fromSql(row.getValue("config")), SqlJson.fromSql(row.getValue("inputs")),
                SqlJson.fromSql(row.getValue("checkpoint")), row.getInteger("timeout_seconds"), dependencyResults);
    }

    /** @return the step invocation (contract version 1) for {@code work} */
    public static StepInvocation invocation(StepWork work) {
        return new StepInvocation(StepInvocation.CONTRACT_VERSION,
                new StepInvocation.TaskInfo(work.taskUuid(), work.namespace(), work.taskName(), work.taskVersion(),
                        work.context(), work.correlationId()),
                new StepInvocation.StepInfo(work.stepUuid(), work.stepName(), work.attempt(), work.maxAttempts(),
                        work.inputs(), work.checkpoint()),
                work.config(), work.dependencyResults());
    }
}
