package dev.tasker.orchestrator.db;

import dev.tasker.orchestrator.testing.ConsumersStopped;
import dev.tasker.orchestrator.testing.RowFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V19: ANALYZE keeps no statistics for the JSON documents of Tasker's tables, and still keeps them for
 * the other columns.
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
