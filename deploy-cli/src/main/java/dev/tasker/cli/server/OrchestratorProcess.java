package dev.tasker.cli.server;

import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.client.OrchestratorClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An orchestrator started by the CLI as a child JVM ({@code java -jar orchestrator/target/quarkus-app/quarkus-run.jar}),
 * used by {@code tasker server} and {@code tasker demo}. With no database configured (no
 * {@code quarkus.datasource.*.url} in the environment or in {@link Settings#databaseUrl()}) the orchestrator starts an
 * embedded PostgreSQL whose data lives in {@link Settings#dataDir()}.
 */
public final class OrchestratorProcess implements AutoCloseable {

    /** How long {@link #close()} lets the orchestrator shut down gracefully before killing it. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private final Process process;
    private final Path logFile;

    private OrchestratorProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * How to start the orchestrator.
     *
     * @param jar          the orchestrator's {@code quarkus-run.jar}
     * @param port         HTTP port ({@code quarkus.http.port})
     * @param dataDir      embedded PostgreSQL data directory ({@code tasker.embedded-postgres.data-dir}), or null for
     *                     the orchestrator's default ({@code ~/.tasker/postgres})
     * @param databaseUrl  JDBC URL of an external PostgreSQL ({@code quarkus.datasource.jdbc.url}), or null
     * @param logFile      file receiving the orchestrator's stdout and stderr, or null to share this process's
     * @param extraProperties further {@code key=value} system properties for the orchestrator (e.g. in tests)
     */
    public record Settings(Path jar, int port, Path dataDir, String databaseUrl, Path logFile, List<String> extraProperties) {
    }

    /**
     * Starts the orchestrator (without waiting for it to be ready: see {@link #awaitReady}).
     *
     * @throws CliException {@link ExitCode#INTERNAL_ERROR} when the JVM cannot be started
     */
    public static OrchestratorProcess start(Settings settings) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.port=" + settings.port());
        if (settings.dataDir() != null) {
            command.add("-Dtasker.embedded-postgres.data-dir=" + settings.dataDir().toAbsolutePath());
        }
        if (settings.databaseUrl() != null) {
            command.add("-Dquarkus.datasource.jdbc.url=" + settings.databaseUrl());
        }
        settings.extraProperties().forEach(p -> command.add("-D" + p));
        command.add("-jar");
        command.add(settings.jar().toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            if (settings.logFile() == null) {
                builder.inheritIO();
            } else {
                Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
                builder.redirectOutput(settings.logFile().toFile());
            }
            return new OrchestratorProcess(builder.start(), settings.logFile());
        } catch (IOException e) {
            throw new CliException(ExitCode.INTERNAL_ERROR, "cannot start the orchestrator (" + String.join(" ", command)
                    + "): " + e.getMessage(), e);
        }
    }

    /** @return the orchestrator's process id */
    public long pid() {
        return process.pid();
    }

    /** @return the log file, or null when output goes to this process's stdout */
    public Path logFile() {
        return logFile;
    }

    /**
     * Polls {@code /q/health/ready} until it answers 200.
     *
     * @param client  a client for the orchestrator's URL
     * @param timeout how long to wait
     * @throws CliException {@link ExitCode#SERVER_UNREACHABLE} when the process exits first or the time runs out
     *                      (the message quotes the end of the log file, if any)
     */
    public void awaitReady(OrchestratorClient client, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!client.isReady()) {
            if (!process.isAlive()) {
                throw new CliException(ExitCode.SERVER_UNREACHABLE, "the orchestrator exited with code " + process.exitValue()
                        + " while starting" + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCode.SERVER_UNREACHABLE, "the orchestrator was not ready at " + client.baseUri()
                        + "/q/health/ready after " + timeout.toSeconds() + " s" + logTail());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCode.INTERNAL_ERROR, "interrupted while waiting for the orchestrator", e);
            }
        }
    }

    /**
     * Blocks until the orchestrator exits.
     *
     * @return its exit status
     */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Stops the orchestrator: SIGTERM (graceful Quarkus shutdown), then a kill after {@link #SHUTDOWN_GRACE}. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        if (logFile == null) {
            return " (see its output above)";
        }
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 15), lines.size());
            return "; last lines of " + logFile + ":\n    " + String.join("\n    ", tail);
        } catch (IOException e) {
            return "; see " + logFile;
        }
    }
}
