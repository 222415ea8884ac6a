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
