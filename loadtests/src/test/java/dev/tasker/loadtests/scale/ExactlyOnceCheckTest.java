package dev.tasker.loadtests.scale;

import dev.tasker.loadtests.process.BenchDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the check's SQL against the orchestrator's real schema (its Flyway migration) on real PostgreSQL. */
class ExactlyOnceCheckTest {

    private static final Path CORE_SCHEMA = Path.of("../orchestrator/src/main/resources/db/migration/V1__core_schema.sql");
    private static final String DIGEST = "sha256:" + "0".repeat(64);
    private static final UUID TEMPLATE = UUID.randomUUID();

    private static BenchDatabase database;
    private static Connection connection;

    @BeforeAll
    static void createSchema() throws Exception {
        database = BenchDatabase.start();
        connection = database.connect();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE SCHEMA tasker");
            s.execute(Files.readString(CORE_SCHEMA));
            s.execute("INSERT INTO tasker.handler_modules (digest, bytes, size_bytes) VALUES ('" + DIGEST + "', '\\x00', 1)");
            s.execute("INSERT INTO tasker.task_templates (template_uuid, namespace, name, version, definition, source,"
                    + " content_hash) VALUES ('" + TEMPLATE + "', 'bench', 'linear4', '1.0.0', '{}', '', '')");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        database.close();
    }

    @Test
    void tasksWhoseStepsRanOnceAreExactlyOnce() throws Exception {
        UUID task = task(true);
        step(task, 1, "pending", "enqueued", "in_progress", "enqueued_for_orchestration", "complete");
        step(task, 1, "pending", "enqueued", "in_progress", "enqueued_for_orchestration", "complete");

        ExactlyOnceCheck.Report report = ExactlyOnceCheck.check(connection, new UUID[] {task});

        assertThat(report).isEqualTo(new ExactlyOnceCheck.Report(1, 0, 2, 0, 0, 0, 0));
        assertThat(report.exactlyOnce(1, 2)).isTrue();
        assertThat(report.exactlyOnce(1, 3)).as("a step missing").isFalse();
    }

    @Test
    void duplicateClaimsCompletionsRetriesAndUnfinishedWorkAreCounted() throws Exception {
        UUID task = task(false);
        step(task, 1, "pending", "enqueued", "in_progress", "enqueued_for_orchestration", "complete",
                "enqueued_for_orchestration", "complete");
        step(task, 2, "pending", "enqueued", "in_progress", "waiting_for_retry", "enqueued", "in_progress",
                "enqueued_for_orchestration", "complete");
        step(task, 1, "pending", "enqueued", "in_progress");

        ExactlyOnceCheck.Report report = ExactlyOnceCheck.check(connection, new UUID[] {task});

        assertThat(report).isEqualTo(new ExactlyOnceCheck.Report(1, 1, 3, 1, 1, 2, 1));
        assertThat(report.exactlyOnce(1, 3)).isFalse();
    }

    private static UUID task(boolean complete) throws Exception {
        UUID task = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tasker.tasks (task_uuid, template_uuid,"
                + " namespace, name, version, context, identity_hash) VALUES (?, ?, 'bench', 'linear4', '1.0.0', '{}', ?)")) {
            insert.setObject(1, task);
            insert.setObject(2, TEMPLATE);
            insert.setString(3, task.toString());
            insert.executeUpdate();
        }
        List<String> states = complete
                ? List.of("pending", "initializing", "enqueuing_steps", "steps_in_process", "evaluating_results", "complete")
                : List.of("pending", "initializing", "enqueuing_steps", "steps_in_process");
        transitions("tasker.task_transitions", "task_uuid", task, states);
        return task;
    }

    private static void step(UUID task, int attempts, String... states) throws Exception {
        UUID step = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tasker.workflow_steps"
                + " (workflow_step_uuid, task_uuid, name, handler_name, handler_digest, attempts) VALUES (?, ?, ?, 'bench_noop', ?, ?)")) {
            insert.setObject(1, step);
            insert.setObject(2, task);
            insert.setString(3, "step_" + step.toString().substring(0, 8));
            insert.setString(4, DIGEST);
            insert.setInt(5, attempts);
            insert.executeUpdate();
        }
        transitions("tasker.workflow_step_transitions", "workflow_step_uuid", step, List.of(states));
    }

    private static void transitions(String table, String column, UUID entity, List<String> states) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + column
                + ", from_state, to_state, sort_key, most_recent) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < states.size(); i++) {
                insert.setObject(1, entity);
                insert.setString(2, i == 0 ? null : states.get(i - 1));
                insert.setString(3, states.get(i));
                insert.setInt(4, i);
                insert.setBoolean(5, i == states.size() - 1);
                insert.executeUpdate();
            }
        }
    }
}
