package dev.tasker.loadtests.pgmq;

import dev.tasker.loadtests.stats.CpuClock;
import dev.tasker.loadtests.stats.LatencySummary;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Raw PGMQ message rate on the orchestrator's database, the baseline the orchestrator's step rate is compared
 * against. Uses pgmq's SQL API (whichever the database has: the pgmq extension or Tasker's compatible schema the
 * orchestrator installs) over one autocommit JDBC connection, with messages shaped like the orchestrator's
 * ({@code {"task_uuid","step_uuid","correlation_id"}}):
 * <ul>
 *   <li><em>single</em>: one message per round trip — {@code pgmq.send}, {@code pgmq.read(queue, 30, 1)},
 *       {@code pgmq.delete(queue, msg_id)}, three statements, each its own transaction;</li>
 *   <li><em>batched</em>: {@code pgmq.send_batch} of n messages, {@code pgmq.read(queue, 30, n)},
 *       {@code pgmq.delete(queue, msg_ids[])}.</li>
 * </ul>
 * The benchmark creates its own queue and drops it afterwards.
 */
public final class PgmqRawBenchmark {

    private static final int VISIBILITY_TIMEOUT_S = 30;

    /**
     * @param single        latency of one send + read + delete round trip
     * @param singlePerSec  messages per second through single round trips
     * @param singleCpu     CPU time of the single round trips on the given {@link CpuClock}, or null if unknown
     * @param batchSize     messages per batch
     * @param batch         latency of one batched send + read + delete
     * @param batchedPerSec messages per second through batches
     * @param batchedCpu    CPU time of the batches on the given {@link CpuClock}, or null if unknown
     */
    public record Result(LatencySummary single, double singlePerSec, Duration singleCpu, int batchSize,
                         LatencySummary batch, double batchedPerSec, Duration batchedCpu) {
    }

    private final Connection connection;
    private final CpuClock cpu;
    private final String queue;

    /**
     * @param connection an autocommit connection to a database with pgmq's functions (schema {@code pgmq})
     * @param cpu        CPU time to account to the measured phases (e.g. PostgreSQL's and this thread's), or
     *                   {@link CpuClock#NONE}
     */
    public PgmqRawBenchmark(Connection connection, CpuClock cpu) {
        this.connection = connection;
        this.cpu = cpu;
        this.queue = "bench_raw_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * @param messages  single round trips measured (after {@code messages / 10} warm-up ones)
     * @param batchSize messages per batch
     * @param batches   batches measured (after {@code batches / 10} warm-up ones)
     * @return the rates
     * @throws SQLException when pgmq's functions are missing (the message says so) or a statement fails
     */
    public Result run(int messages, int batchSize, int batches) throws SQLException {
        requirePgmq();
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pgmq.create('" + queue + "')");
        }
        try (PreparedStatement send = connection.prepareStatement("SELECT pgmq.send(?, ?::jsonb)");
             PreparedStatement read = connection.prepareStatement("SELECT msg_id FROM pgmq.read(?, ?, ?)");
             PreparedStatement delete = connection.prepareStatement("SELECT pgmq.delete(?, ?::bigint)");
             PreparedStatement sendBatch = connection.prepareStatement(
                     "SELECT * FROM pgmq.send_batch(?, ?::jsonb[])");
             PreparedStatement deleteBatch = connection.prepareStatement(
                     "SELECT * FROM pgmq.delete(?, ?::bigint[])")) {
            roundTrips(send, read, delete, messages / 10);
            OptionalLong cpuBeforeSingle = cpu.nanos();
            long startedSingle = System.nanoTime();
            long[] single = roundTrips(send, read, delete, messages);
            double singleSeconds = (System.nanoTime() - startedSingle) / 1e9;
            Duration singleCpu = cpu.since(cpuBeforeSingle);

            batches(sendBatch, read, deleteBatch, batchSize, batches / 10);
            OptionalLong cpuBeforeBatched = cpu.nanos();
            long startedBatched = System.nanoTime();
            long[] batch = batches(sendBatch, read, deleteBatch, batchSize, batches);
            double batchedSeconds = (System.nanoTime() - startedBatched) / 1e9;
            Duration batchedCpu = cpu.since(cpuBeforeBatched);

            return new Result(LatencySummary.ofNanos(single), messages / singleSeconds, singleCpu, batchSize,
                    LatencySummary.ofNanos(batch), (double) batches * batchSize / batchedSeconds, batchedCpu);
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pgmq.drop_queue('" + queue + "')");
            }
        }
    }

    private void requirePgmq() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regprocedure('pgmq.send_batch(text, jsonb[])') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new SQLException("the database has no pgmq functions (schema pgmq): the orchestrator installs "
                        + "them at start, so run this benchmark against a started orchestrator's database");
            }
        }
    }

    private long[] roundTrips(PreparedStatement send, PreparedStatement read, PreparedStatement delete, int count)
            throws SQLException {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            send.setString(1, queue);
            send.setString(2, message());
            send.executeQuery().close();
            long msgId = readIds(read, 1).getFirst();
            delete.setString(1, queue);
            delete.setLong(2, msgId);
            delete.executeQuery().close();
            nanos[i] = System.nanoTime() - started;
        }
        return nanos;
    }

    private long[] batches(PreparedStatement sendBatch, PreparedStatement read, PreparedStatement deleteBatch,
                           int batchSize, int count) throws SQLException {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            String[] payloads = new String[batchSize];
            for (int m = 0; m < batchSize; m++) {
                payloads[m] = message();
            }
            Array messages = connection.createArrayOf("text", payloads);
            sendBatch.setString(1, queue);
            sendBatch.setArray(2, messages);
            sendBatch.executeQuery().close();
            List<Long> ids = readIds(read, batchSize);
            if (ids.size() != batchSize) {
                throw new SQLException("pgmq.read returned " + ids.size() + " of " + batchSize + " messages just sent");
            }
            deleteBatch.setString(1, queue);
            deleteBatch.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            deleteBatch.executeQuery().close();
            nanos[i] = System.nanoTime() - started;
        }
        return nanos;
    }

    private List<Long> readIds(PreparedStatement read, int quantity) throws SQLException {
        read.setString(1, queue);
        read.setInt(2, VISIBILITY_TIMEOUT_S);
        read.setInt(3, quantity);
        List<Long> ids = new ArrayList<>(quantity);
        try (ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        if (ids.isEmpty()) {
            throw new SQLException("pgmq.read returned no message from " + queue + " right after a send");
        }
        return ids;
    }

    private static String message() {
        return "{\"task_uuid\":\"" + UUID.randomUUID() + "\",\"step_uuid\":\"" + UUID.randomUUID()
                + "\",\"correlation_id\":\"" + UUID.randomUUID() + "\"}";
    }
}
