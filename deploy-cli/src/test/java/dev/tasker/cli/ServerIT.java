package dev.tasker.cli;

import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.server.TaskerHome;
import dev.tasker.cli.testing.Cli;
import dev.tasker.cli.testing.RunningOrchestrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built CLI jar in its own JVM, as a user runs it: {@code tasker server} starts the orchestrator on an embedded
 * PostgreSQL, reports it ready, refuses a second server on the same port, and stops the orchestrator when it is
 * terminated (SIGTERM, as Ctrl-C in a terminal); {@code TASKER_SERVER} sets the default server.
 */
class ServerIT {

    @TempDir
    Path dir;

    @Test
    void startsReportsReadyAndStopsTheOrchestratorOnTermination() throws Exception {
        int port = RunningOrchestrator.freePort();
        Path cliJar = TaskerHome.locate().root().resolve("deploy-cli/target/tasker-cli.jar");
        Path output = dir.resolve("server.out");
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtasker.home=" + TaskerHome.locate().root(), "-jar", cliJar.toString(),
                "server", "--port", String.valueOf(port), "--data-dir", dir.resolve("pg").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        OrchestratorClient client = new OrchestratorClient(URI.create("http://localhost:" + port));
        try {
            awaitOutput(output, "Tasker orchestrator ready at http://localhost:" + port, cli);
            assertThat(client.isReady()).isTrue();
            assertThat(dir.resolve("pg/postmaster.pid")).as("embedded PostgreSQL runs in --data-dir").exists();

            Cli.Run second = Cli.run("server", "--port", String.valueOf(port));
            assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCode.CONFLICT.code());
            assertThat(second.err()).contains("an orchestrator is already running at http://localhost:" + port);
        } finally {
            cli.destroy();
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("the CLI stops").isTrue();
        }
        assertThat(client.isReady()).as("the orchestrator stopped with the CLI").isFalse();
        assertThat(dir.resolve("pg/postmaster.pid")).as("embedded PostgreSQL shut down cleanly").doesNotExist();
    }

    @Test
    void theDefaultServerComesFromTaskerServer() throws Exception {
        String server = "http://127.0.0.1:" + RunningOrchestrator.freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TaskerHome.locate().root().resolve("deploy-cli/target/tasker-cli.jar").toString(), "tasks", "list")
                .redirectErrorStream(true);
        builder.environment().put("TASKER_SERVER", server);
        Process cli = builder.start();
        String printed = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor()).isEqualTo(ExitCode.SERVER_UNREACHABLE.code());
        assertThat(printed).contains("cannot reach the orchestrator at " + server);
    }

    private static void awaitOutput(Path output, String text, Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (printed.contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tasker server exited with " + process.exitValue() + ":\n" + printed);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("tasker server did not print '" + text + "':\n" + Files.readString(output));
    }
}
