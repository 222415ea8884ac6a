package dev.tasker.orchestrator.db;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Settings of the embedded PostgreSQL server that the orchestrator starts when no database URL is configured.
 *
 * <p>Read from configuration keys under {@code tasker.embedded-postgres.}:
 * <ul>
 *   <li>{@code enabled} (default {@code true}): start the embedded server when no URL is configured;</li>
 *   <li>{@code data-dir} (default {@code ~/.tasker/postgres}): persistent data directory (created by
 *       {@code initdb} on first start, reused afterwards);</li>
 *   <li>{@code port} (default {@code 0} = a free port chosen at start);</li>
 *   <li>{@code database} (default {@code tasker}): database created on first start and used by Tasker;</li>
 *   <li>{@code clean-data-dir} (default {@code false}): wipe the data directory before start (tests).</li>
 * </ul>
 *
 * @param enabled      whether the embedded server may be started
 * @param dataDir      data directory, absolute
 * @param port         TCP port, or 0 for any free port
 * @param database     database name Tasker connects to
 * @param cleanDataDir whether to delete existing data before start
 */
public record EmbeddedPostgresSettings(boolean enabled, Path dataDir, int port, String database, boolean cleanDataDir) {

    /** Configuration key prefix of these settings. */
    public static final String PREFIX = "tasker.embedded-postgres.";

    /** @return the default data directory {@code ~/.tasker/postgres}. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".tasker", "postgres");
    }

    /**
     * Reads the settings through a configuration lookup.
     *
     * @param lookup returns the raw value of a full configuration key, or {@code null} when it is unset
     * @return the settings with defaults applied
     * @throws IllegalArgumentException when {@code port} is not an integer in 0..65535
     */
    public static EmbeddedPostgresSettings from(Function<String, String> lookup) {
        String enabled = lookup.apply(PREFIX + "enabled");
        String dataDir = lookup.apply(PREFIX + "data-dir");
        String port = lookup.apply(PREFIX + "port");
        String database = lookup.apply(PREFIX + "database");
        String clean = lookup.apply(PREFIX + "clean-data-dir");
        int portNumber;
        try {
            portNumber = port == null ? 0 : Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + "port must be an integer, got '" + port + "'");
        }
        if (portNumber < 0 || portNumber > 65535) {
            throw new IllegalArgumentException(PREFIX + "port must be in 0..65535, got " + portNumber);
        }
        return new EmbeddedPostgresSettings(
                enabled == null || Boolean.parseBoolean(enabled.trim()),
                dataDir == null ? defaultDataDir() : expandHome(dataDir.trim()).toAbsolutePath(),
                portNumber,
                database == null ? "tasker" : database.trim(),
                clean != null && Boolean.parseBoolean(clean.trim()));
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
