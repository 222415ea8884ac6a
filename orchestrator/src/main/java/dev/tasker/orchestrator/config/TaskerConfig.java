package dev.tasker.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Tasker's own configuration, keys under {@code tasker.} (environment variables {@code TASKER_...}).
 * Datasource settings use Quarkus' own {@code quarkus.datasource.*} keys.
 */
@ConfigMapping(prefix = "tasker")
public interface TaskerConfig {

    /** Embedded PostgreSQL used when no database URL is configured. */
    EmbeddedPostgres embeddedPostgres();

    /** Task template loading. */
    Templates templates();

    /**
     * Keys of the embedded PostgreSQL server. They are read before the configuration is built, by
     * {@link dev.tasker.orchestrator.db.DatabaseConfigSourceFactory} through
     * {@link dev.tasker.orchestrator.db.EmbeddedPostgresSettings}, which applies the defaults documented here.
     */
    interface EmbeddedPostgres {
        /** Start the embedded server when no database URL is configured (default true). */
        Optional<Boolean> enabled();

        /** Persistent data directory (default {@code ~/.tasker/postgres}). */
        Optional<String> dataDir();

        /** TCP port on localhost (default 0: any free port, logged at start). */
        Optional<Integer> port();

        /** Database name (default {@code tasker}). */
        Optional<String> database();

        /** Delete the data directory before start (default false; used by tests). */
        Optional<Boolean> cleanDataDir();
    }

    /** Task template loading. */
    interface Templates {
        /**
         * Directory whose {@code *.yaml}/{@code *.yml} task templates are registered at start (not recursive).
         * Unset: no templates are loaded at start.
         */
        Optional<Path> dir();

        /** Fail start when a template in {@link #dir()} is invalid (default true); false logs and skips it. */
        @WithDefault("true")
        boolean failOnInvalid();
    }
}
