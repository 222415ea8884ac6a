package dev.tasker.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
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

    /** In-process WASM handler execution (handler-runtime). */
    Runtime runtime();

    /** The step dispatcher consuming {@code worker_{namespace}_queue}. */
    Dispatcher dispatcher();

    /** The result processor consuming {@code orchestration_step_results}. */
    Results results();

    /** Re-enqueuing steps whose retry backoff expired. */
    Retry retry();

    /** Recovery of workflow steps whose claim was lost (crashed or stopped orchestrator). */
    Recovery recovery();

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
         * Directory whose {@code *.yaml}/{@code *.yml} task templates (any depth) are registered at start.
         * Unset: no templates are loaded at start.
         */
        Optional<Path> dir();

        /** Fail start when a template in {@link #dir()} is invalid (default true); false logs and skips it. */
        @WithDefault("true")
        boolean failOnInvalid();
    }

    /** Limits and compilation of WASM step handlers run in-process. */
    interface Runtime {
        /** Largest module accepted at upload and load, in bytes (default 10 MiB). */
        @WithDefault("10485760")
        long maxModuleBytes();

        /**
         * Cap on a handler's linear memory in 64 KiB pages (default 256 = 16 MiB): applies to handler versions without
         * a {@code memory_mb} of their own, and bounds the {@code memory_mb} an upload may set.
         */
        @WithDefault("256")
        int maxMemoryPages();

        /**
         * Wall-clock limit of one attempt when neither the step's {@code timeout_seconds} nor its handler version's
         * {@code timeout_ms} is set (default 30 s).
         */
        @WithDefault("30s")
        Duration defaultTimeout();

        /** Cap on a handler's stdout (the step result) in bytes (default 1 MiB). */
        @WithDefault("1048576")
        int maxStdoutBytes();

        /** Cap on captured stderr in bytes (default 64 KiB). */
        @WithDefault("65536")
        int maxStderrBytes();

        /** Compile modules to JVM bytecode (default true); false runs the interpreter only. */
        @WithDefault("true")
        boolean compile();

        /** On-disk cache of compiled modules shared across restarts (default: memory only). */
        Optional<Path> compileCacheDir();
    }

    /** Step dispatcher settings. */
    interface Dispatcher {
        /** Run the dispatcher in this instance (default true). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Most handlers executing at once in this instance (default 8): a workflow step holds an execution slot
         * while its handler runs, and gives it back before its outcome is recorded. Bounds the linear memory and
         * CPU that handlers use together.
         */
        @WithDefault("8")
        int concurrency();

        /**
         * Most claimed workflow steps whose outcome is not yet committed in this instance (default 64): executing,
         * or waiting for the group commit of their record. Bounds the outcomes held in memory; must be at least
         * {@link #concurrency()}. A step is claimed only when an execution slot is free for it, so a claimed step
         * never waits for one.
         */
        @WithDefault("64")
        int maxUnrecorded();

        /** Fallback poll when no NOTIFY arrives (default 2 s). */
        @WithDefault("2s")
        Duration pollInterval();

        /**
         * No effect since migration V21, which made a claim lock and delete its messages in the transaction that
         * moves their steps to {@code in_progress}: a message is never left read but unclaimed. Still accepted, so
         * that a configuration that sets it starts; the dispatcher logs a warning when it is set.
         *
         * @deprecated remove the setting
         */
        @Deprecated(since = "migration V21")
        Optional<Integer> visibilityTimeoutSeconds();
    }

    /** Result processor settings. */
    interface Results {
        /** Run the result processor in this instance (default true). */
        @WithDefault("true")
        boolean enabled();

        /** Messages read per round (default 16). */
        @WithDefault("16")
        int batchSize();

        /** Fallback poll when no NOTIFY arrives (default 2 s). */
        @WithDefault("2s")
        Duration pollInterval();

        /**
         * Visibility timeout in seconds (default 30) of a result message that the batch leaves to one-by-one
         * processing (errors, decisions, batchables): it is hidden this long, and visible again if that processing
         * fails or the instance dies.
         */
        @WithDefault("30")
        int visibilityTimeoutSeconds();
    }

    /** Retry scheduling. */
    interface Retry {
        /** Longest pause between checks for expired backoffs (default 1 s); shorter when a backoff ends sooner. */
        @WithDefault("1s")
        Duration pollInterval();
    }

    /** Claim recovery. */
    interface Recovery {
        /** How often to look for lost claims (default 10 s). */
        @WithDefault("10s")
        Duration interval();

        /**
         * Extra time beyond a step's timeout before an {@code in_progress} step counts as abandoned (default 30 s).
         */
        @WithDefault("30s")
        Duration grace();
    }
}
