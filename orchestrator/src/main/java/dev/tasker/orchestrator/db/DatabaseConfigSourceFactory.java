package dev.tasker.orchestrator.db;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Supplies the datasource URLs before the connection pools and Flyway start.
 *
 * <p>Tasker needs two URLs for one database: {@code quarkus.datasource.reactive.url} (the reactive client used for
 * all runtime data access) and {@code quarkus.datasource.jdbc.url} (used only by Flyway migrations). This factory,
 * registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}, looks at what the user configured:
 * <ul>
 *   <li>both URLs: nothing to add;</li>
 *   <li>one of them: derives the other ({@code jdbc:postgresql://h:p/db?params} ↔
 *       {@code postgresql://[user[:password]@]h:p/db?params}, see {@link DatasourceUrls}); user and password from the
 *       reactive URL become {@code quarkus.datasource.username} and {@code quarkus.datasource.password}, because the
 *       JDBC driver takes no user info in its URL;</li>
 *   <li>none: contributes a source that starts an {@link EmbeddedPostgresServer} on first lookup of a datasource
 *       URL and answers with its URLs, which carry the user name (see {@link EmbeddedPostgresSettings} for the
 *       server's keys).</li>
 * </ul>
 * The contributed sources have a low ordinal ({@value #ORDINAL}), so any value set in
 * {@code application.properties}, environment variables or system properties wins (an explicit
 * {@code quarkus.datasource.username} or {@code password} over the one in the reactive URL, too). A configured URL
 * that cannot be converted fails start-up with an {@link IllegalArgumentException} naming its key. The embedded server is started
 * lazily, and the source lists no property names, because SmallRye Config also builds this source during the Quarkus
 * build, where no database is needed.
 */
public final class DatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 50;
    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String reactive = value(context, REACTIVE_URL);
        String jdbc = value(context, JDBC_URL);
        if (reactive != null && jdbc != null) {
            return List.of();
        }
        if (reactive != null) {
            return List.of(source("tasker-derived-jdbc-url", DatasourceUrls.jdbcFromReactive(reactive)));
        }
        if (jdbc != null) {
            return List.of(source("tasker-derived-reactive-url", Map.of(REACTIVE_URL, DatasourceUrls.reactiveFromJdbc(jdbc))));
        }
        EmbeddedPostgresSettings settings = EmbeddedPostgresSettings.from(name -> value(context, name));
        if (!settings.enabled()) {
            return List.of();
        }
        return List.of(new EmbeddedPostgresConfigSource(settings));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue();
    }

    private static ConfigSource source(String name, Map<String, String> values) {
        return new PropertiesConfigSource(values, name, ORDINAL);
    }

    /** Answers the datasource keys from an embedded server started on first lookup. */
    static final class EmbeddedPostgresConfigSource implements ConfigSource {
        private static final Set<String> KEYS = Set.of(REACTIVE_URL, JDBC_URL);
        private final EmbeddedPostgresSettings settings;

        EmbeddedPostgresConfigSource(EmbeddedPostgresSettings settings) {
            this.settings = settings;
        }

        /**
         * Deliberately empty: the Quarkus build reads the value of every name a source lists, and the server must
         * only start when the application itself looks a datasource URL up at run time.
         */
        @Override
        public Set<String> getPropertyNames() {
            return Set.of();
        }

        @Override
        public String getValue(String propertyName) {
            if (!KEYS.contains(propertyName)) {
                return null;
            }
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(settings);
            return propertyName.equals(REACTIVE_URL) ? server.reactiveUrl() : server.jdbcUrl();
        }

        @Override
        public String getName() {
            return "tasker-embedded-postgres[" + settings.dataDir() + "]";
        }

        @Override
        public int getOrdinal() {
            return ORDINAL;
        }
    }
}
