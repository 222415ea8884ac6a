package dev.tasker.loadtests.process;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What PostgreSQL wrote to its write-ahead log (WAL) and how many checkpoints it ran between two {@link #read
 * snapshots}, from the cumulative statistics views {@code pg_stat_wal} (PostgreSQL 14+) and
 * {@code pg_stat_checkpointer} (17+) or {@code pg_stat_bgwriter} (before 17). A checkpoint during a benchmark run
 * makes the next change to every page write a full-page image (8 KiB) to the WAL, so it shows whether a slow run
 * paid for one. Each backend publishes its WAL counters when it goes idle, at most once a second, so a snapshot can
 * miss the last second of a busy backend's writes.
 *
 * @param records     WAL records
 * @param fullPages   full-page images among them
 * @param bytes       WAL bytes
 * @param checkpoints checkpoints completed (timed and requested)
 */
public record WalActivity(long records, long fullPages, long bytes, long checkpoints) {

    /**
     * @param connection any connection to the server (the views are server-wide)
     * @return the server's cumulative counters now
     * @throws SQLException when the server predates {@code pg_stat_wal} (PostgreSQL 13 or older)
     */
    public static WalActivity read(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // The statistics are cached for the rest of a transaction; read the current values.
            s.execute("SELECT pg_stat_clear_snapshot()");
            String checkpoints = connection.getMetaData().getDatabaseMajorVersion() >= 17
                    ? "(SELECT num_timed + num_requested FROM pg_stat_checkpointer)"
                    : "(SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)";
            try (ResultSet rs = s.executeQuery("SELECT wal_records, wal_fpi, wal_bytes::bigint, " + checkpoints
                    + " FROM pg_stat_wal")) {
                rs.next();
                return new WalActivity(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    /**
     * @param earlier a snapshot taken before this one
     * @return what happened between the two
     */
    public WalActivity since(WalActivity earlier) {
        return new WalActivity(records - earlier.records, fullPages - earlier.fullPages, bytes - earlier.bytes,
                checkpoints - earlier.checkpoints);
    }

    /**
     * @param steps workflow steps run in the interval this activity covers
     * @return e.g. {@code "12.3 records, 0.4 full-page images, 3.1 KiB per step; 1 checkpoint"}
     */
    public String describePer(int steps) {
        return String.format(Locale.ROOT, "%.1f records, %.2f full-page images, %.1f KiB per step; %d checkpoint%s",
                (double) records / steps, (double) fullPages / steps, bytes / 1024.0 / steps, checkpoints,
                checkpoints == 1 ? "" : "s");
    }
}
