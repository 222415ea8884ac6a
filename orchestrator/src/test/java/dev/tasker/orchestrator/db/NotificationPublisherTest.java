package dev.tasker.orchestrator.db;

import dev.tasker.orchestrator.testing.ConsumersStopped;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wake-up signals (migration V11): a transaction's {@code tasker.signal} calls become NOTIFYs only after it commits,
 * sent by {@link NotificationPublisher} outside the transaction; this instance's own subscribers get them at once.
 * Another instance is played by a plain JDBC connection that LISTENs.
 */
@QuarkusTest
@TestProfile(ConsumersStopped.class)
class NotificationPublisherTest {

    private static final String CHANNEL = "tasker_test_probe";

    @Inject
    Database db;
    @Inject
    NotificationListener listener;
    @Inject
    DataSource dataSource;

    @Test
    void onlyCommittedTransactionsSignalsAreNotifiedAndNeverFromInsideTheTransaction() throws Exception {
        try (Connection otherInstance = dataSource.getConnection(); Connection raw = dataSource.getConnection();
             Statement listen = otherInstance.createStatement(); Statement rawSql = raw.createStatement()) {
            listen.execute("LISTEN " + CHANNEL);

            assertThatThrownBy(() -> db.transact(tx -> {
                tx.query("SELECT tasker.signal($1, 'rolled back')", CHANNEL);
                throw new IllegalStateException("abort");
            })).hasMessage("abort");
            // the SQL function alone, committed, but nobody publishes its signals
            rawSql.execute("SELECT tasker.signal('" + CHANNEL + "', 'sql only')");
            db.transact(tx -> {
                tx.query("SELECT tasker.signal($1, 'committed')", CHANNEL);
                tx.query("SELECT tasker.signal($1, 'committed')", CHANNEL);
                tx.query("SELECT tasker.signal($1, 'second')", CHANNEL);
            });

            // notifications arrive in commit order: the rolled-back and SQL-only ones would have come first
            List<String> received = new ArrayList<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!received.containsAll(List.of("committed", "second")) && System.nanoTime() < deadline) {
                PGNotification[] notifications = otherInstance.unwrap(PGConnection.class).getNotifications(500);
                for (PGNotification n : notifications == null ? new PGNotification[0] : notifications) {
                    received.add(n.getParameter());
                }
            }
            assertThat(received).as("one NOTIFY per distinct signal").containsExactlyInAnyOrder("committed", "second");
        }
    }

    @Test
    void thisInstancesSubscribersGetACommittedSignalBeforeTheTransactionCallReturns() {
        List<String> delivered = new CopyOnWriteArrayList<>();
        listener.subscribe(CHANNEL + "_local", delivered::add);
        db.transact(tx -> tx.query("SELECT tasker.signal($1, 'now')", CHANNEL + "_local"));
        assertThat(delivered).as("delivered on the committing thread, not after a NOTIFY round trip").contains("now");
    }

    @Test
    void aSignalThatWouldCorruptTheSetFailsItsTransactionNamingTheValue() {
        assertThatThrownBy(() -> db.transact(tx -> {
            tx.query("CREATE TABLE public.signal_probe (v int)");
            tx.query("SELECT tasker.signal($1, $2)", CHANNEL, "two\nlines");
        })).hasMessageContaining("payload 'two\nlines' for channel tasker_test_probe").hasMessageContaining("line break");
        assertThatThrownBy(() -> db.transact(tx -> tx.query("SELECT tasker.signal($1, 'x')", "Bad Channel")))
                .hasMessageContaining("channel 'Bad Channel' is not a lower-case identifier");
        assertThat(db.first("SELECT to_regclass('public.signal_probe') IS NULL", row -> row.getBoolean(0)))
                .as("the work of the rejected transaction was rolled back").contains(true);
    }

    @Test
    void aSignalWhoseLineEndsAnotherOnesIsStillKept() {
        // a channel of its own: the other tests LISTEN on CHANNEL and would receive this test's NOTIFY
        String channel = CHANNEL + "_suffix";
        List<String> delivered = new CopyOnWriteArrayList<>();
        listener.subscribe(channel, delivered::add);
        db.transact(tx -> {
            tx.query("SELECT tasker.signal($1, 'p')", "x" + channel);
            tx.query("SELECT tasker.signal($1, 'p')", channel);
        });
        assertThat(delivered).contains("p");
    }

    @Test
    void aSignalSettingIsParsedLineByLineAndAMalformedLineIsNamed() {
        assertThat(Signal.parse(null)).isEmpty();
        assertThat(Signal.parse("")).isEmpty();
        assertThat(Signal.parse("tasker_queue_activity worker_a_queue\ntasker_task_finished 0199 x\n"))
                .containsExactly(new Signal("tasker_queue_activity", "worker_a_queue"),
                        new Signal("tasker_task_finished", "0199 x"));
        assertThatThrownBy(() -> Signal.parse("nospace\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nospace'");
    }
}
