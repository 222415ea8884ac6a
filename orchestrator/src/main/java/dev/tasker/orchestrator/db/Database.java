package dev.tasker.orchestrator.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Imperative access to Tasker's PostgreSQL database through the Quarkus reactive PostgreSQL client pool.
 *
 * <p>The orchestrator's services are written in plain imperative Java and run on worker or virtual threads (REST
 * endpoints, the step dispatcher, the result processor, schedulers); they wait on the reactive client's results
 * instead of composing them. The pool's I/O stays non-blocking, and no JDBC connection is used at run time (JDBC
 * serves Flyway migrations only).
 */
@ApplicationScoped
public class Database implements SqlExecutor {

    /** Longest wait for one statement, connection or commit before {@link io.smallrye.mutiny.TimeoutException}. */
    static final Duration AWAIT = Duration.ofSeconds(60);

    private static final String READ_SIGNALS = "SELECT current_setting('" + Signal.SETTING + "', true)";

    private final Pool pool;
    private final NotificationPublisher publisher;

    public Database(Pool pool, NotificationPublisher publisher) {
        this.pool = pool;
        this.publisher = publisher;
    }

    /**
     * Runs one statement in its own transaction. Wake-up {@link Signal}s the statement asks for are discarded: work
     * that enqueues workflow steps or finishes tasks runs through {@link #transaction}, or publishes its signals
     * itself.
     */
    @Override
    public RowSet<Row> query(String sql, Object... params) {
        return await(pool.preparedQuery(sql).execute(tuple(params)), sql);
    }

    @Override
    public void script(String sql) {
        await(pool.query(sql).execute(), "script");
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws (the exception is
     * rethrown unchanged). The wake-up {@link Signal}s the transaction asked for ({@code tasker.signal}) are read
     * just before the commit and published once it succeeded ({@link NotificationPublisher}).
     *
     * @param work the statements; receives the transaction's {@link Tx}
     * @return what {@code work} returned
     */
    public <T> T transaction(Function<Tx, T> work) {
        SqlConnection connection = await(pool.getConnection(), "get connection");
        try {
            Transaction transaction = await(connection.begin(), "BEGIN");
            T result;
            String signals;
            try {
                result = work.apply(new Tx(connection));
                signals = await(connection.preparedQuery(READ_SIGNALS).execute(), READ_SIGNALS).iterator().next()
                        .getString(0);
            } catch (RuntimeException | Error e) {
                try {
                    await(transaction.rollback(), "ROLLBACK");
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
            await(transaction.commit(), "COMMIT");
            publisher.publish(Signal.parse(signals));
            return result;
        } finally {
            connection.close().await().atMost(AWAIT);
        }
    }

    /** Same as {@link #transaction(Function)} for work without a result. */
    public void transact(Consumer<Tx> work) {
        transaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    static <T> T await(Uni<T> uni, String what) {
        try {
            return uni.await().atMost(AWAIT);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw new IllegalStateException("database did not answer within " + AWAIT.toSeconds() + " s: " + what, e);
        }
    }

    static Tuple tuple(Object... params) {
        Object[] converted = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            converted[i] = SqlJson.param(params[i]);
        }
        return Tuple.from(converted);
    }
}
