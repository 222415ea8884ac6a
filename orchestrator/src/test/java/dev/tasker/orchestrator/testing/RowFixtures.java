package dev.tasker.orchestrator.testing;

import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Inserts bare task and workflow step rows (no transitions, no queue messages) for tests of the state machines
 * and SQL functions that need rows to point at. Production code creates tasks through the task creation service.
 */
public final class RowFixtures {

    private RowFixtures() {
    }

    /** @return the uuid of a new task (with its own template and a placeholder handler module). */
    public static UUID task(SqlExecutor sql) {
        UUID template = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        sql.query("INSERT INTO tasker.task_templates (template_uuid, namespace, name, version, definition, source, content_hash)"
                + " VALUES ($1, 'fixtures', $2, '1.0.0', '{}'::jsonb, '', 'none')", template, "t_" + template);
        sql.query("INSERT INTO tasker.tasks (task_uuid, template_uuid, namespace, name, version, context, identity_hash)"
                + " VALUES ($1, $2, 'fixtures', 'fixture', '1.0.0', '{}'::jsonb, $3)", task, template, task.toString());
        sql.query("INSERT INTO tasker.handler_modules (digest, bytes, size_bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                PLACEHOLDER_DIGEST, PLACEHOLDER_BYTES, (long) PLACEHOLDER_BYTES.length);
        return task;
    }

    /** @return the uuid of a new workflow step of {@code task} with the given retry settings. */
    public static UUID step(SqlExecutor sql, UUID task, String name, boolean retryable, int maxAttempts) {
        UUID step = UUID.randomUUID();
        sql.query("INSERT INTO tasker.workflow_steps (workflow_step_uuid, task_uuid, name, template_step_name, handler_name,"
                        + " handler_digest, config, retryable, max_attempts) VALUES ($1, $2, $3, $3, 'placeholder', $4, $5, $6, $7)",
                step, task, name, PLACEHOLDER_DIGEST, SqlJson.MAPPER.createObjectNode(), retryable, maxAttempts);
        return step;
    }

    /** Adds the DAG edge {@code parent → child}. */
    public static void edge(SqlExecutor sql, UUID parent, UUID child) {
        sql.query("INSERT INTO tasker.workflow_step_edges (from_step_uuid, to_step_uuid) VALUES ($1, $2)", parent, child);
    }

    /** Deletes every task created by these fixtures (steps, edges and transitions cascade) and their templates. */
    public static void deleteAll(SqlExecutor sql) {
        sql.query("DELETE FROM tasker.tasks WHERE namespace = 'fixtures'");
        sql.query("DELETE FROM tasker.task_templates WHERE namespace = 'fixtures'");
    }

    private static final byte[] PLACEHOLDER_BYTES = "not a module: rows for state tests only".getBytes(StandardCharsets.UTF_8);
    private static final String PLACEHOLDER_DIGEST = sha256(PLACEHOLDER_BYTES);

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
