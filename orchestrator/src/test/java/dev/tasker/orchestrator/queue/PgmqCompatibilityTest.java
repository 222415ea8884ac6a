package dev.tasker.orchestrator.queue;

import dev.tasker.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Exercises Tasker's PGMQ-compatible schema ({@code pgmq/tasker-pgmq-compat.sql}) on its own, over plain JDBC
 * against a real PostgreSQL: every function, the visibility-timeout semantics and concurrent readers.
 */
class PgmqCompatibilityTest {

    private static final String QUEUE = "compat_test_queue";

    @BeforeAll
    static void installTwice() throws Exception {
        String script;
        try (InputStream in = PgmqCompatibilityTest.class.getResourceAsStream("/pgmq/tasker-pgmq-compat.sql")) {
            if (in == null) {
                throw new IOException("pgmq/tasker-pgmq-compat.sql is not on the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute(script);
            s.execute(script); // idempotent
        }
    }

    @BeforeEach
    void freshQueue() throws SQLException {
        exec("SELECT pgmq.drop_queue('" + QUEUE + "')");
        exec("SELECT pgmq.create('" + QUEUE + "')");
        exec("SELECT pgmq.create('" + QUEUE + "')"); // idempotent
    }

    @Test
    void createRegistersQueueWithPgmqTablesAndColumns() throws SQLException {
        assertThat(strings("SELECT queue_name FROM pgmq.list_queues()")).contains(QUEUE);
        assertThat(strings("SELECT is_partitioned::text || '/' || is_unlogged::text FROM pgmq.meta WHERE queue_name = '"
                + QUEUE + "'")).containsExactly("false/false");
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_schema = 'pgmq' AND table_name = 'q_"
                + QUEUE + "' ORDER BY ordinal_position"))
                .containsExactly("msg_id", "read_ct", "enqueued_at", "last_read_at", "vt", "message", "headers");
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_schema = 'pgmq' AND table_name = 'a_"
                + QUEUE + "' ORDER BY ordinal_position"))
                .containsExactly("msg_id", "read_ct", "enqueued_at", "last_read_at", "archived_at", "vt", "message", "headers");
    }

    @Test
    void sendReturnsIncreasingIdsAndStoresMessageAndHeaders() throws SQLException {
        long first = longValue("SELECT * FROM pgmq.send('" + QUEUE + "', '{\"n\": 1}'::jsonb)");
        long second = longValue("SELECT * FROM pgmq.send('" + QUEUE + "', '{\"n\": 2}'::jsonb, '{\"trace\": \"t1\"}'::jsonb)");
        assertThat(second).isGreaterThan(first);
        assertThat(strings("SELECT message::text || ' ' || coalesce(headers::text, 'null') FROM pgmq.q_" + QUEUE
                + " ORDER BY msg_id")).containsExactly("{\"n\": 1} null", "{\"n\": 2} {\"trace\": \"t1\"}");
    }

    @Test
    void sendWithDelayKeepsMessageInvisibleUntilTheDelayPassed() throws SQLException {
        long delayed = longValue("SELECT * FROM pgmq.send('" + QUEUE + "', '{\"d\": 1}'::jsonb, 3600)");
        long delayedByTimestamp = longValue("SELECT * FROM pgmq.send('" + QUEUE
                + "', '{\"d\": 2}'::jsonb, '{}'::jsonb, now() + interval '1 hour')");
        long visibleByTimestamp = longValue("SELECT * FROM pgmq.send('" + QUEUE
                + "', '{\"d\": 3}'::jsonb, now() - interval '1 second')");

        assertThat(read(30, 10)).extracting(Message::id).containsExactly(visibleByTimestamp);
        double delaySeconds = doubleValue("SELECT extract(epoch FROM vt - enqueued_at) FROM pgmq.q_" + QUEUE
                + " WHERE msg_id = " + delayed);
        assertThat(delaySeconds).isCloseTo(3600, within(2.0));
        assertThat(doubleValue("SELECT extract(epoch FROM vt - now()) FROM pgmq.q_" + QUEUE + " WHERE msg_id = "
                + delayedByTimestamp)).isCloseTo(3600, within(2.0));
        assertThatThrownBy(() -> exec("SELECT * FROM pgmq.send('" + QUEUE + "', '{}'::jsonb, -1)"))
                .hasMessageContaining("delay must be 0 or more seconds");
    }

    @Test
    void sendBatchKeepsOrderAndPairsHeadersWithMessages() throws SQLException {
        List<String> ids = strings("SELECT * FROM pgmq.send_batch('" + QUEUE
                + "', ARRAY['{\"i\": 0}', '{\"i\": 1}', '{\"i\": 2}']::jsonb[], ARRAY['{\"h\": 0}', null, '{\"h\": 2}']::jsonb[])");
        assertThat(ids).hasSize(3);
        assertThat(strings("SELECT message->>'i' || ':' || coalesce(headers->>'h', '-') FROM pgmq.q_" + QUEUE
                + " ORDER BY msg_id")).containsExactly("0:0", "1:-", "2:2");
        assertThat(strings("SELECT * FROM pgmq.send_batch('" + QUEUE + "', ARRAY['{}']::jsonb[], 3600)")).hasSize(1);
        assertThat(strings("SELECT * FROM pgmq.send_batch('" + QUEUE + "', ARRAY['{}']::jsonb[], now() + interval '1 day')"))
                .hasSize(1);
        assertThat(read(30, 10)).hasSize(3);
        assertThatThrownBy(() -> exec("SELECT * FROM pgmq.send_batch('" + QUEUE
                + "', ARRAY['{}', '{}']::jsonb[], ARRAY['{}']::jsonb[])"))
                .hasMessageContaining("1 headers for 2 messages");
    }

    @Test
    void readHidesMessagesForTheVisibilityTimeoutAndCountsReads() throws SQLException {
        List<String> sent = strings("SELECT * FROM pgmq.send_batch('" + QUEUE
                + "', ARRAY['{\"i\": 0}', '{\"i\": 1}', '{\"i\": 2}']::jsonb[])");

        List<Message> firstRead = read(60, 2);
        assertThat(firstRead).extracting(m -> String.valueOf(m.id())).containsExactly(sent.get(0), sent.get(1));
        assertThat(firstRead).allSatisfy(m -> {
            assertThat(m.readCount()).isEqualTo(1);
            assertThat(m.vt()).isAfter(OffsetDateTime.now().plusSeconds(50));
            assertThat(m.lastReadAt()).isNotNull();
        });
        assertThat(read(60, 10)).extracting(m -> String.valueOf(m.id())).containsExactly(sent.get(2));
        assertThat(read(60, 10)).isEmpty();

        // A message read with vt = 0 is visible again at once: at-least-once delivery, read_ct counts redeliveries.
        long again = longValue("SELECT * FROM pgmq.send('" + QUEUE + "', '{\"again\": true}'::jsonb)");
        assertThat(read(0, 1)).extracting(Message::id).containsExactly(again);
        assertThat(read(0, 1)).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(again);
            assertThat(m.readCount()).isEqualTo(2);
        });
        assertThat(read(60, 0)).isEmpty();
    }

    @Test
    void readWithConditionFiltersOnMessageContent() throws SQLException {
        exec("SELECT * FROM pgmq.send_batch('" + QUEUE + "', ARRAY['{\"kind\": \"a\"}', '{\"kind\": \"b\"}']::jsonb[])");
        assertThat(readRaw("SELECT * FROM pgmq.read('" + QUEUE + "', 30, 10, '{\"kind\": \"b\"}')"))
                .singleElement().satisfies(m -> assertThat(m.message()).contains("\"b\""));
    }

    @Test
    void setVtHidesOrRevealsAMessage() throws SQLException {
        long id = longValue("SELECT * FROM pgmq.send('" + QUEUE + "', '{}'::jsonb)");
        List<Message> hidden = readRaw("SELECT * FROM pgmq.set_vt('" + QUEUE + "', " + id + ", 3600)");
        assertThat(hidden).singleElement().satisfies(m -> assertThat(m.vt()).isAfter(OffsetDateTime.now().plusMinutes(59)));
        assertThat(read(30, 10)).isEmpty();
        readRaw("SELECT * FROM pgmq.set_vt('" + QUEUE + "', " + id + ", now() - interval '1 second')");
        assertThat(read(30, 10)).extracting(Message::id).containsExactly(id);
        assertThat(readRaw("SELECT * FROM pgmq.set_vt('" + QUEUE + "', 999999, 10)")).isEmpty();
    }

    @Test
    void deleteRemovesMessagesAndReportsWhichExisted() throws SQLException {
        List<String> ids = strings("SELECT * FROM pgmq.send_batch('" + QUEUE + "', ARRAY['{}', '{}', '{}']::jsonb[])");
        assertThat(strings("SELECT pgmq.delete('" + QUEUE + "', " + ids.get(0) + "::bigint)::text")).containsExactly("true");
        assertThat(strings("SELECT pgmq.delete('" + QUEUE + "', " + ids.get(0) + "::bigint)::text")).containsExactly("false");
        assertThat(strings("SELECT * FROM pgmq.delete('" + QUEUE + "', ARRAY[" + ids.get(1) + ", 999999]::bigint[])"))
                .containsExactly(ids.get(1));
        assertThat(read(30, 10)).extracting(m -> String.valueOf(m.id())).containsExactly(ids.get(2));
    }

    @Test
    void archiveMovesMessagesToTheArchiveTable() throws SQLException {
        List<String> ids = strings("SELECT * FROM pgmq.send_batch('" + QUEUE
                + "', ARRAY['{\"a\": 1}', '{\"a\": 2}', '{\"a\": 3}']::jsonb[])");
        read(0, 1); // read_ct is carried into the archive
        assertThat(strings("SELECT pgmq.archive('" + QUEUE + "', " + ids.get(0) + "::bigint)::text")).containsExactly("true");
        assertThat(strings("SELECT pgmq.archive('" + QUEUE + "', " + ids.get(0) + "::bigint)::text")).containsExactly("false");
        assertThat(strings("SELECT * FROM pgmq.archive('" + QUEUE + "', ARRAY[" + ids.get(1) + ", 999999]::bigint[])"))
                .containsExactly(ids.get(1));
        assertThat(strings("SELECT msg_id || ':' || read_ct || ':' || (message->>'a') || ':' || (archived_at IS NOT NULL)"
                + " FROM pgmq.a_" + QUEUE + " ORDER BY msg_id"))
                .containsExactly(ids.get(0) + ":1:1:true", ids.get(1) + ":0:2:true");
        assertThat(strings("SELECT msg_id::text FROM pgmq.q_" + QUEUE)).containsExactly(ids.get(2));
    }

    @Test
    void metricsCountQueuedVisibleAndTotalMessages() throws SQLException {
        exec("SELECT * FROM pgmq.send_batch('" + QUEUE + "', ARRAY['{}', '{}', '{}']::jsonb[])");
        exec("SELECT * FROM pgmq.send('" + QUEUE + "', '{}'::jsonb, 3600)");
        List<Message> read = read(60, 1);
        exec("SELECT pgmq.delete('" + QUEUE + "', " + read.get(0).id() + "::bigint)");

        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM pgmq.metrics('" + QUEUE + "')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("queue_name")).isEqualTo(QUEUE);
            assertThat(rs.getLong("queue_length")).isEqualTo(3);
            assertThat(rs.getLong("queue_visible_length")).isEqualTo(2);
            assertThat(rs.getLong("total_messages")).isEqualTo(4);
            assertThat(rs.getInt("oldest_msg_age_sec")).isBetween(0, 60);
            assertThat(rs.getInt("newest_msg_age_sec")).isBetween(0, 60);
            assertThat(rs.getObject("scrape_time", OffsetDateTime.class)).isNotNull();
        }
        assertThat(strings("SELECT pgmq.purge_queue('" + QUEUE + "')::text")).containsExactly("3");
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT queue_length, newest_msg_age_sec FROM pgmq.metrics('" + QUEUE + "')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isZero();
            assertThat(rs.getObject(2)).isNull();
        }
    }

    @Test
    void invalidOrUnknownQueuesAreRejectedWithAClearError() {
        assertThatThrownBy(() -> exec("SELECT pgmq.create('bad-name')")).hasMessageContaining("invalid queue name 'bad-name'");
        assertThatThrownBy(() -> exec("SELECT pgmq.create('" + "x".repeat(48) + "')")).hasMessageContaining("invalid queue name");
        assertThatThrownBy(() -> exec("SELECT * FROM pgmq.read('never_created', 10, 1)"))
                .hasMessageContaining("queue never_created does not exist");
        assertThatThrownBy(() -> exec("SELECT * FROM pgmq.send('never_created', '{}'::jsonb)"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void dropQueueRemovesTablesAndMetadata() throws SQLException {
        assertThat(strings("SELECT pgmq.drop_queue('" + QUEUE + "')::text")).containsExactly("true");
        assertThat(strings("SELECT pgmq.drop_queue('" + QUEUE + "')::text")).containsExactly("false");
        assertThat(strings("SELECT count(*)::text FROM pg_tables WHERE schemaname = 'pgmq' AND tablename LIKE '%_" + QUEUE + "'"))
                .containsExactly("0");
        assertThat(strings("SELECT queue_name FROM pgmq.list_queues()")).doesNotContain(QUEUE);
    }

    @Test
    void aReaderSkipsMessagesLockedByAnotherReadersOpenTransaction() throws SQLException {
        long first = longValue("SELECT * FROM pgmq.send('" + QUEUE + "', '{\"n\": 1}'::jsonb)");
        long second = longValue("SELECT * FROM pgmq.send('" + QUEUE + "', '{\"n\": 2}'::jsonb)");
        try (Connection a = TestDatabase.connect()) {
            a.setAutoCommit(false);
            // vt = 0: the message is visible by time at once, but A still holds its row lock.
            assertThat(readRaw(a, "SELECT * FROM pgmq.read('" + QUEUE + "', 0, 1)")).extracting(Message::id)
                    .containsExactly(first);
            assertThat(read(0, 10)).extracting(Message::id).containsExactly(second);
            a.commit();
        }
        assertThat(read(30, 10)).extracting(Message::id).containsExactly(first, second);
    }

    @Test
    void concurrentReadersNeverReceiveTheSameMessage() throws Exception {
        int total = 400;
        exec("SELECT * FROM pgmq.send_batch('" + QUEUE + "', (SELECT array_agg(jsonb_build_object('i', g)) FROM generate_series(1, "
                + total + ") g))");
        Set<Long> received = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Long> duplicates = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                readers.add(pool.submit(() -> {
                    try (Connection c = TestDatabase.connect()) {
                        while (true) {
                            List<Message> batch = readRaw(c, "SELECT * FROM pgmq.read('" + QUEUE + "', 300, 7)");
                            if (batch.isEmpty()) {
                                return null;
                            }
                            for (Message m : batch) {
                                if (!received.add(m.id())) {
                                    duplicates.add(m.id());
                                }
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : readers) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates).isEmpty();
        assertThat(received).hasSize(total);
        assertThat(strings("SELECT count(*)::text FROM pgmq.q_" + QUEUE + " WHERE read_ct <> 1")).containsExactly("0");
    }

    // ------------------------------------------------------------------------------------------------------------

    record Message(long id, int readCount, OffsetDateTime enqueuedAt, OffsetDateTime lastReadAt, OffsetDateTime vt,
                   String message, String headers) {
    }

    private static List<Message> read(int vt, int qty) throws SQLException {
        return readRaw("SELECT * FROM pgmq.read('" + QUEUE + "', " + vt + ", " + qty + ")");
    }

    private static List<Message> readRaw(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            return readRaw(c, sql);
        }
    }

    private static List<Message> readRaw(Connection c, String sql) throws SQLException {
        List<Message> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Message(rs.getLong("msg_id"), rs.getInt("read_ct"),
                        rs.getObject("enqueued_at", OffsetDateTime.class), rs.getObject("last_read_at", OffsetDateTime.class),
                        rs.getObject("vt", OffsetDateTime.class), rs.getString("message"), rs.getString("headers")));
            }
        }
        return out;
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long longValue(String sql) throws SQLException {
        return Long.parseLong(strings(sql).get(0));
    }

    private static double doubleValue(String sql) throws SQLException {
        return Double.parseDouble(strings(sql).get(0));
    }

}
