package dev.tasker.loadtests.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One orchestrator instance running as a child process: {@code java -jar orchestrator/target/quarkus-app/quarkus-run.jar}
 * on a free HTTP port, connected to a given PostgreSQL database through {@code QUARKUS_DATASOURCE_REACTIVE_URL} and
 * {@code QUARKUS_DATASOURCE_USERNAME} (so it does not start its own embedded server; it derives the JDBC URL Flyway
 * uses from the reactive one), with its console output in a log file.
 *
 * <p>{@link #start} returns once {@code GET /q/health/ready} answers 200; {@link #close()} stops the process
 * (SIGTERM, then SIGKILL after 20 s).
 */
public final class OrchestratorProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final URI baseUri;
    private final Path logFile;

    private OrchestratorProcess(Process process, URI baseUri, Path logFile) {
        this.process = process;
        this.baseUri = baseUri;
        this.logFile = logFile;
    }

    /**
     * Starts an instance and waits until it is ready.
     *
     * @param jar         the orchestrator's {@code quarkus-run.jar}
     * @param database    the database the instance uses
     * @param jvmOptions  options for the child JVM (e.g. {@code -Xmx1g})
     * @param logFile     file receiving the child's stdout and stderr (parent directories are created)
     * @return the ready instance
     * @throws IllegalStateException when the jar is missing, the process exits early or is not ready within 180 s
     *                               (the message holds the end of the log)
     */
    public static OrchestratorProcess start(Path jar, BenchDatabase database, List<String> jvmOptions, Path logFile) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("orchestrator jar " + jar + " not found: build it first with "
                    + "./mvnw -B -pl orchestrator -am package -DskipTests");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", database.username());
            env.put("TASKER_EMBEDDED_POSTGRES_ENABLED", "false");
            OrchestratorProcess instance = new OrchestratorProcess(builder.start(),
                    URI.create("http://localhost:" + port), logFile);
            try {
                instance.awaitReady();
            } catch (RuntimeException e) {
                instance.close();
                throw e;
            }
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    /** @return the instance's base URI, e.g. {@code http://localhost:41234} */
    public URI baseUri() {
        return baseUri;
    }

    /** @return the instance's operating system process */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** @return the file holding the instance's console output */
    public Path logFile() {
        return logFile;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(baseUri.resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("orchestrator exited with status " + process.exitValue()
                        + " before becoming ready; end of " + logFile + ":\n" + logTail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the HTTP server is not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the orchestrator", e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("orchestrator not ready after " + READY_TIMEOUT.toSeconds() + " s; end of "
                + logFile + ":\n" + logTail());
    }

    /** @return the last 40 lines of the log, or a note that it cannot be read */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the process: SIGTERM, then SIGKILL when it has not exited after 20 s. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port: " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
