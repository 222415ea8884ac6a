package dev.tasker.orchestrator.db;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs prepared SQL statements ({@code $1, $2, ...} placeholders) on the reactive PostgreSQL client and waits for
 * their result. Implemented by {@link Database} (each statement auto-commits) and {@link Tx} (statements share one
 * transaction), so data-access code works the same inside and outside a transaction.
 *
 * <p>Parameters may be {@code String}, {@code Integer}, {@code Long}, {@code Boolean}, {@code UUID},
 * {@code OffsetDateTime}, {@code byte[]} (bytea), {@code String[]}/{@code UUID[]}/{@code Long[]} (arrays),
 * {@code null}, or a Jackson {@code JsonNode} (sent as {@code jsonb}; see {@link SqlJson}).
 *
 * <p>Callers must not be on a Vert.x event-loop thread: every method blocks until the database answers.
 */
public interface SqlExecutor {

    /**
     * Executes one statement.
     *
     * @param sql    SQL with {@code $n} placeholders
     * @param params parameter values in placeholder order
     * @return the rows returned (empty for statements without {@code RETURNING})
     * @throws io.vertx.pgclient.PgException when PostgreSQL rejects the statement
     */
    RowSet<Row> query(String sql, Object... params);

    /**
     * Executes a script of one or more statements separated by {@code ;} (simple query protocol, no parameters).
     *
     * @param sql the statements
     * @throws io.vertx.pgclient.PgException when PostgreSQL rejects a statement
     */
    void script(String sql);

    /**
     * Executes one statement and maps its rows.
     *
     * @return the mapped rows in result order
     */
    default <T> List<T> list(String sql, Function<Row, T> mapper, Object... params) {
        List<T> out = new ArrayList<>();
        for (Row row : query(sql, params)) {
            out.add(mapper.apply(row));
        }
        return out;
    }

    /** @return the first row mapped, or empty when the statement returned no row. */
    default <T> Optional<T> first(String sql, Function<Row, T> mapper, Object... params) {
        RowSet<Row> rows = query(sql, params);
        var it = rows.iterator();
        return it.hasNext() ? Optional.ofNullable(mapper.apply(it.next())) : Optional.empty();
    }

    /** @return the number of rows the statement inserted, updated or deleted. */
    default int update(String sql, Object... params) {
        return query(sql, params).rowCount();
    }
}
