package dev.tasker.loadtests.pgmq;

import dev.tasker.loadtests.process.BenchDatabase;
import dev.tasker.loadtests.stats.CpuClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the raw PGMQ benchmark, briefly, on real PostgreSQL with the orchestrator's PGMQ-compatible schema. */
class PgmqRawBenchmarkTest {

    private static final Path PGMQ_SCHEMA = Path.of("../orchestrator/src/main/resources/pgmq/tasker-pgmq-compat.sql");
    private static BenchDatabase database;

    @BeforeAll
    static void startDatabase() {
        database = BenchDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @Test
    void measuresSingleAndBatchedRoundTripsAndDropsItsQueue() throws Exception {
        try (Connection c = database.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute(Files.readString(PGMQ_SCHEMA));
            }

            PgmqRawBenchmark.Result result = new PgmqRawBenchmark(c, CpuClock.NONE).run(50, 10, 5);

            assertThat(result.single().count()).isEqualTo(50);
            assertThat(result.singlePerSec()).isPositive();
            assertThat(result.batchSize()).isEqualTo(10);
            assertThat(result.batch().count()).isEqualTo(5);
            assertThat(result.batchedPerSec()).isPositive();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pgmq.meta WHERE queue_name LIKE 'bench_raw_%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("benchmark queues left behind").isZero();
            }
        }
    }

    @Test
    void databaseWithoutPgmqIsReportedClearly() throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE no_pgmq");
        }
        try (Connection c = java.sql.DriverManager.getConnection(database.jdbcUrl().replace("/tasker?", "/no_pgmq?"))) {
            assertThatThrownBy(() -> new PgmqRawBenchmark(c, CpuClock.NONE).run(10, 10, 1))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no pgmq functions");
        }
    }
}
