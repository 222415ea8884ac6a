package dev.tasker.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.runtime.contract.StepInvocation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads {@link StepWork} and turns it into the handler's {@link StepInvocation} (DESIGN §2). */
public final class StepWorkReader {

    private StepWorkReader() {
    }

    /** @return the work for a workflow step, or empty when the step does not exist */
    public static Optional<StepWork> read(SqlExecutor sql, UUID stepUuid) {
        Map<String, JsonNode> dependencyResults = new LinkedHashMap<>();
        sql.list("WITH RECURSIVE ancestors AS ("
                        + " SELECT e.from_step_uuid AS uuid FROM tasker.workflow_step_edges e WHERE e.to_step_uuid = $1"
                        + " UNION"
                        + " SELECT e.from_step_uuid FROM tasker.workflow_step_edges e JOIN ancestors a ON e.to_step_uuid = a.uuid)"
                        + " SELECT ws.name, ws.results FROM ancestors a"
                        + " JOIN tasker.workflow_steps ws ON ws.workflow_step_uuid = a.uuid"
                        + " JOIN tasker.workflow_step_transitions t ON t.workflow_step_uuid = ws.workflow_step_uuid"
                        + "  AND t.most_recent AND t.to_state = 'complete'"
                        + " ORDER BY ws.name",
                row -> dependencyResults.put(row.getString("name"), orNull(SqlJson.fromSql(row.getValue("results")))),
                stepUuid);
        return sql.first("SELECT t.task_uuid, t.namespace, t.name AS task_name, t.version, t.context, t.correlation_id,"
                        + " t.template_uuid, ws.template_step_name, ws.step_type, ws.name AS step_name, ws.attempts, ws.max_attempts, ws.handler_name, ws.handler_digest,"
                        + " ws.config, ws.inputs, ws.checkpoint, ws.timeout_seconds"
                        + " FROM tasker.workflow_steps ws JOIN tasker.tasks t ON t.task_uuid = ws.task_uuid"
                        + " WHERE ws.workflow_step_uuid = $1",
                row -> new StepWork(row.getUUID("task_uuid"), stepUuid, row.getString("namespace"),
                        row.getString("task_name"), row.getString("version"), SqlJson.fromSql(row.getValue("context")),
                        row.getString("correlation_id"), row.getUUID("template_uuid"),
                        row.getString("template_step_name"), row.getString("step_type"), row.getString("step_name"), row.getInteger("attempts"),
                        row.getInteger("max_attempts"), row.getString("handler_name"), row.getString("handler_digest"),
                        SqlJson.fromSql(row.getValue("config")), SqlJson.fromSql(row.getValue("inputs")),
                        SqlJson.fromSql(row.getValue("checkpoint")), row.getInteger("timeout_seconds"),
                        dependencyResults),
                stepUuid);
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

    private static JsonNode orNull(JsonNode node) {
        return node == null ? SqlJson.MAPPER.nullNode() : node;
    }
}
