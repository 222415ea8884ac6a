package dev.tasker.orchestrator.db;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The statements of one database transaction (see {@link Database#transaction(java.util.function.Function)}).
 * Not thread-safe: use it from the thread that runs the transaction's work.
 */
public final class Tx implements SqlExecutor {

    private final SqlConnection connection;

    Tx(SqlConnection connection) {
        this.connection = connection;
    }

    @Override
    public RowSet<Row> query(String sql, Object... params) {
        return Database.await(connection.preparedQuery(sql).execute(Database.tuple(params)), sql);
    }

    @Override
    public void script(String sql) {
        Database.await(connection.query(sql).execute(), "script");
    }
}
