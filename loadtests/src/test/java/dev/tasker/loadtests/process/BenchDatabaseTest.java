package dev.tasker.loadtests.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench database's settings and diagnostics, on a real PostgreSQL. */
class BenchDatabaseTest {

    @Test
    void commitsAreDurableLikeTheOrchestratorsEmbeddedServer() throws Exception {
        try (BenchDatabase database = BenchDatabase.start(); Connection c = database.connect();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("on");
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
