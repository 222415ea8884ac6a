package dev.tasker.loadtests.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench database's settings and diagnostics, on a real PostgreSQL. */
class BenchDatabaseTest {

    @Test
    void commitsAreDurableLikeTheOrchestratorsEmbeddedServer() throws Exception {
        try (BenchDatabase database = BenchDatabase.start(); Connection c = database.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit'),"
                     + " current_setting('autovacuum_naptime')")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3))).containsExactly("on", "on", "5s");
        }
    }

    @Test
    void walActivityCountsRecordsAndTheFullPageImagesACheckpointCauses() throws Exception {
        try (BenchDatabase database = BenchDatabase.start(); Connection c = database.connect();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wal_probe (id int PRIMARY KEY, v text)");
            s.execute("INSERT INTO wal_probe SELECT i, 'x' FROM generate_series(1, 2000) i");
            // A backend publishes its counters at most once a second unless told to.
            s.execute("SELECT pg_stat_force_next_flush()");
            s.execute("CHECKPOINT");
            WalActivity start = WalActivity.read(c);
            s.execute("UPDATE wal_probe SET v = 'y'");
            s.execute("SELECT pg_stat_force_next_flush()");
            WalActivity afterUpdate = WalActivity.read(c).since(start);
            s.execute("CHECKPOINT");
            WalActivity afterCheckpoint = WalActivity.read(c).since(start);

            assertThat(afterUpdate.records()).isGreaterThanOrEqualTo(2000);
            // The first change to each page after the checkpoint logged the whole page.
            assertThat(afterUpdate.fullPages()).isPositive();
            assertThat(afterUpdate.bytes()).isGreaterThan(afterUpdate.fullPages() * 1024);
            assertThat(afterUpdate.checkpoints()).isZero();
            assertThat(afterCheckpoint.checkpoints()).isEqualTo(1);
            assertThat(afterUpdate.describePer(1000)).startsWith(String.format(Locale.ROOT, "%.1f records, ",
                    afterUpdate.records() / 1000.0)).endsWith("per step; 0 checkpoints");
        }
    }

    @Test
    void explainLogsThePlansOfNestedStatementsSlowerThanTheThreshold(@TempDir Path logs) throws Exception {
        Path log = logs.resolve("postgresql.log");
        try (BenchDatabase database = BenchDatabase.start(new BenchDatabase.Diagnostics(false, 50, logs));
             Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION slow_probe() RETURNS void LANGUAGE plpgsql AS $$"
                    + " BEGIN PERFORM pg_sleep(0.1) FROM (SELECT 'nested_slow_marker' AS m) x; END $$");
            s.execute("SELECT slow_probe()");
            s.execute("SELECT 'fast_marker'");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!(Files.exists(log) && Files.readString(log).contains("nested_slow_marker"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        String text = Files.readString(log);
        assertThat(text).contains("plan:").contains("nested_slow_marker").doesNotContain("fast_marker");
    }
}
