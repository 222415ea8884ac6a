package dev.tasker.orchestrator.db;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseConfigSourceFactoryTest {

    private static SmallRyeConfig config(Map<String, String> userValues) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(userValues, "user", 250))
                .withSources(new DatabaseConfigSourceFactory())
                .build();
    }

    @Test
    void keepsBothUrlsWhenConfigured() {
        SmallRyeConfig config = config(Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/a",
                "quarkus.datasource.reactive.url", "postgresql://db:5432/b"));
        assertThat(config.getRawValue("quarkus.datasource.jdbc.url")).isEqualTo("jdbc:postgresql://db:5432/a");
        assertThat(config.getRawValue("quarkus.datasource.reactive.url")).isEqualTo("postgresql://db:5432/b");
    }

    @Test
    void derivesReactiveUrlFromJdbcUrl() {
        SmallRyeConfig config = config(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/tasker"));
        assertThat(config.getRawValue("quarkus.datasource.reactive.url")).isEqualTo("postgresql://db:5432/tasker");
    }

    @Test
    void derivesJdbcUrlFromReactiveUrl() {
        SmallRyeConfig config = config(Map.of("quarkus.datasource.reactive.url", "vertx-reactive:postgresql://db/tasker"));
        assertThat(config.getRawValue("quarkus.datasource.jdbc.url")).isEqualTo("jdbc:postgresql://db/tasker");
    }

    @Test
    void derivesJdbcUrlAndCredentialsFromReactiveUrlWithUserInfo() {
        SmallRyeConfig config = config(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://app:s%40cret@db.internal:6543/tasker?sslmode=require"));
        assertThat(config.getRawValue("quarkus.datasource.jdbc.url"))
                .isEqualTo("jdbc:postgresql://db.internal:6543/tasker?sslmode=require");
        assertThat(config.getRawValue("quarkus.datasource.username")).isEqualTo("app");
        assertThat(config.getRawValue("quarkus.datasource.password")).isEqualTo("s@cret");
    }

    @Test
    void explicitUsernameAndPasswordWinOverReactiveUrlUserInfo() {
        SmallRyeConfig config = config(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://app:fromurl@db/tasker",
                "quarkus.datasource.username", "operator",
                "quarkus.datasource.password", "explicit"));
        assertThat(config.getRawValue("quarkus.datasource.jdbc.url")).isEqualTo("jdbc:postgresql://db/tasker");
        assertThat(config.getRawValue("quarkus.datasource.username")).isEqualTo("operator");
        assertThat(config.getRawValue("quarkus.datasource.password")).isEqualTo("explicit");
    }

    @Test
    void malformedReactiveUrlFailsConfigurationNamingTheProperty() {
        assertThatThrownBy(() -> config(Map.of("quarkus.datasource.reactive.url", "postgresql://app@db:port/tasker")))
                .hasStackTraceContaining("quarkus.datasource.reactive.url is not a valid URL")
                .hasStackTraceContaining("port must be a number in 1..65535, got 'port'");
    }

    @Test
    void derivedJdbcSettingsConnectToARealServerAsTheUrlUser(@TempDir Path temp) throws Exception {
        Map<String, String> embedded = Map.of("tasker.embedded-postgres.data-dir", temp.resolve("pg").toString());
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(EmbeddedPostgresSettings.from(embedded::get));
        try {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE flyway_user LOGIN PASSWORD 'p@ss:word'");
            }
            String reactive = server.reactiveUrl().replace("postgres@", "flyway_user:p%40ss%3Aword@") + "?sslmode=disable";
            SmallRyeConfig config = config(Map.of("quarkus.datasource.reactive.url", reactive));

            try (Connection c = DriverManager.getConnection(config.getRawValue("quarkus.datasource.jdbc.url"),
                    config.getRawValue("quarkus.datasource.username"), config.getRawValue("quarkus.datasource.password"));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_user, current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("flyway_user");
                assertThat(rs.getString(2)).isEqualTo("tasker");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void addsNothingWhenEmbeddedServerIsDisabled() {
        SmallRyeConfig config = config(Map.of("tasker.embedded-postgres.enabled", "false"));
        assertThat(config.getRawValue("quarkus.datasource.jdbc.url")).isNull();
        assertThat(config.getRawValue("quarkus.datasource.reactive.url")).isNull();
    }

    @Test
    void startsEmbeddedServerOnFirstLookupAndKeepsDataAcrossRestarts(@TempDir Path temp) throws Exception {
        Path dataDir = temp.resolve("pg");
        SmallRyeConfig config = config(Map.of("tasker.embedded-postgres.data-dir", dataDir.toString()));
        assertThat(dataDir).doesNotExist();

        String jdbcUrl = config.getRawValue("quarkus.datasource.jdbc.url");
        assertThat(jdbcUrl).startsWith("jdbc:postgresql://localhost:").contains("/tasker?user=postgres");
        assertThat(config.getRawValue("quarkus.datasource.reactive.url"))
                .isEqualTo("postgresql://postgres@localhost:" + port(jdbcUrl) + "/tasker");
        assertThat(Files.exists(dataDir.resolve("PG_VERSION"))).isTrue();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            try (ResultSet durable = s.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit'),"
                    + " current_setting('autovacuum_naptime')")) {
                assertThat(durable.next()).isTrue();
                assertThat(durable.getString(1)).as("writes are flushed to disk").isEqualTo("on");
                assertThat(durable.getString(2)).as("a commit waits for its WAL flush").isEqualTo("on");
                assertThat(durable.getString(3)).as("autovacuum looks for due tables every 5 s").isEqualTo("5s");
            }
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('survives a restart')");
        }
        EmbeddedPostgresServer.start(EmbeddedPostgresSettings.from(Map.of(
                "tasker.embedded-postgres.data-dir", dataDir.toString())::get)).stop();

        String restartedUrl = config(Map.of("tasker.embedded-postgres.data-dir", dataDir.toString()))
                .getRawValue("quarkus.datasource.jdbc.url");
        try (Connection c = DriverManager.getConnection(restartedUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives a restart");
        } finally {
            EmbeddedPostgresServer.start(EmbeddedPostgresSettings.from(Map.of(
                    "tasker.embedded-postgres.data-dir", dataDir.toString())::get)).stop();
        }
    }

    private static int port(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:postgresql://localhost:".length());
        return Integer.parseInt(rest.substring(0, rest.indexOf('/')));
    }
}
