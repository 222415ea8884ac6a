package dev.tasker.orchestrator.testing;

import dev.tasker.orchestrator.db.EmbeddedPostgresServer;
import dev.tasker.orchestrator.db.EmbeddedPostgresSettings;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Provides one real PostgreSQL database to the whole test JVM, before any test (and any Quarkus application)
 * starts, and publishes it as the system properties {@code quarkus.datasource.jdbc.url},
 * {@code quarkus.datasource.reactive.url}, {@code quarkus.datasource.username} and
 * {@code quarkus.datasource.password}.
 *
 * <p>Which database:
 * <ul>
 *   <li>{@code TASKER_TEST_DB_URL} set (a JDBC URL, with {@code TASKER_TEST_DB_USER} and
 *       {@code TASKER_TEST_DB_PASSWORD}): that database;</li>
 *   <li>{@code -Dtasker.test.devservices=true} (needs Docker): nothing here; Quarkus Dev Services start a
 *       PostgreSQL container for the Quarkus tests;</li>
 *   <li>otherwise: an embedded PostgreSQL with a fresh data directory in {@code target/test-postgres}.</li>
 * </ul>
 * Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class TestDatabase implements LauncherSessionListener {

    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty(JDBC_URL) != null || Boolean.getBoolean("tasker.test.devservices")) {
            return;
        }
        String externalUrl = System.getenv("TASKER_TEST_DB_URL");
        if (externalUrl != null && !externalUrl.isBlank()) {
            publish(externalUrl, env("TASKER_TEST_DB_USER", "postgres"), env("TASKER_TEST_DB_PASSWORD", ""));
            return;
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(new EmbeddedPostgresSettings(
                true, Path.of("target", "test-postgres").toAbsolutePath(), 0, "tasker_test", true));
        publish("jdbc:postgresql://localhost:" + server.port() + "/tasker_test", server.username(), "");
    }

    private static void publish(String jdbcUrl, String user, String password) {
        System.setProperty(JDBC_URL, jdbcUrl);
        System.setProperty("quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()));
        System.setProperty("quarkus.datasource.username", user);
        if (!password.isEmpty()) {
            System.setProperty("quarkus.datasource.password", password);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /**
     * Opens a plain JDBC connection to the test database (for tests of SQL that run without Quarkus).
     *
     * @return a new connection in auto-commit mode
     * @throws SQLException when the database cannot be reached
     */
    public static Connection connect() throws SQLException {
        String password = System.getProperty("quarkus.datasource.password", "");
        return DriverManager.getConnection(System.getProperty(JDBC_URL),
                System.getProperty("quarkus.datasource.username"), password);
    }
}
