package dev.tasker.orchestrator.db;

import dev.tasker.orchestrator.state.StepState;
import dev.tasker.orchestrator.state.TaskState;
import dev.tasker.orchestrator.state.TransitionLog;
import dev.tasker.orchestrator.testing.ConsumersStopped;
import dev.tasker.orchestrator.testing.RowFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrations V19 and V23: ANALYZE keeps no statistics for the JSON documents of Tasker's tables, nor for the columns
 * of the hot tables that no query filters, joins or sorts on, and still keeps them for the others.
 */
@QuarkusTest
@TestProfile(ConsumersStopped.class)
class StatisticsTargetTest {

    @Inject
    Database db;

    @AfterEach
    void deleteFixtures() {
        RowFixtures.deleteAll(db);
    }

    /** Fails when a jsonb column is added to a tasker table without a statistics target of 0. */
    @Test
    void everyJsonbColumnOfATaskerTableHasNoStatisticsTarget() {
        List<String> columns = db.list("SELECT c.relname || '.' || a.attname FROM pg_attribute a"
                + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'tasker' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
                + " AND a.atttypid = 'jsonb'::regtype AND coalesce(a.attstattarget, -1) <> 0"
                + " ORDER BY 1", row -> row.getString(0));
        assertThat(columns).as("jsonb columns that ANALYZE would still sample").isEmpty();
    }

    /** Migration V23: of a transition, only the entity, the state and the most_recent flag are ever in a condition. */
    @Test
    void analyzeKeepsTheEntityStateAndFlagOfTransitionsOnly() {
        UUID task = RowFixtures.task(db);
        UUID step = RowFixtures.step(db, task, "s", true, 3);
        TransitionLog.TASKS.start(db, List.of(task), TaskState.PENDING, null);
        TransitionLog.STEPS.start(db, List.of(step), StepState.PENDING, null);
        TransitionLog.STEPS.transition(db, step, StepState.PENDING, StepState.ENQUEUED, null);
        db.query("ANALYZE tasker.task_transitions, tasker.workflow_step_transitions");
        assertThat(analyzedColumns("workflow_step_transitions"))
                .containsExactly("most_recent", "to_state", "workflow_step_uuid");
        assertThat(analyzedColumns("task_transitions")).containsExactly("most_recent", "task_uuid", "to_state");
    }

    private List<String> analyzedColumns(String table) {
        return db.list("SELECT attname FROM pg_stats WHERE schemaname = 'tasker' AND tablename = $1 ORDER BY 1",
                row -> row.getString(0), table);
    }

    @Test
    void analyzeSkipsTheContextButNotTheNamespaceOfTasks() {
        RowFixtures.task(db);
        RowFixtures.task(db);
        db.query("ANALYZE tasker.tasks");
        List<String> analyzed = db.list("SELECT attname FROM pg_stats WHERE schemaname = 'tasker' AND tablename = 'tasks'"
                + " AND attname IN ('namespace', 'context') ORDER BY 1", row -> row.getString(0));
        assertThat(analyzed).containsExactly("namespace");
    }
}
