package dev.tasker.loadtests.process;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements PostgreSQL spent most time executing, from the {@code pg_stat_statements} extension (which the
 * server must load: {@link BenchDatabase#start(BenchDatabase.Diagnostics)} with {@code statementStats}). Shows which of the orchestrator's
 * queries a benchmark's database time goes to.
 */
public final class StatementStats {

    /**
     * One normalised statement.
     *
     * @param calls       executions
     * @param totalMs     total execution time, ms
     * @param meanMs      mean execution time, ms
     * @param rowsPerCall rows returned or affected per execution
     * @param query       the statement text with constants replaced by {@code $n}, whitespace collapsed
     */
    public record Entry(long calls, double totalMs, double meanMs, double rowsPerCall, String query) {
    }

    private StatementStats() {
    }

    /**
     * Forgets everything recorded so far.
     *
     * @param connection a connection to the database with the extension
     * @throws SQLException when the extension is not installed
     */
    public static void reset(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /**
     * @param connection a connection to the database with the extension
     * @param limit      how many statements
     * @return the statements with the largest total execution time since the last reset, largest first (the
     * extension's own queries excluded)
     * @throws SQLException when the extension is not installed
     */
    public static List<Entry> top(Connection connection, int limit) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("""
                SELECT calls, total_exec_time, mean_exec_time, rows::float8 / greatest(calls, 1), query
                FROM pg_stat_statements
                WHERE query NOT LIKE '%pg_stat_statements%'
                ORDER BY total_exec_time DESC
                LIMIT ?""")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getString(5).replaceAll("\\s+", " ").strip()));
                }
            }
        }
        return entries;
    }
}
