package dev.tasker.cli.command;

import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.options.DurationConverter;
import dev.tasker.cli.server.OrchestratorProcess;
import dev.tasker.cli.server.TaskerHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tasker server}: runs the orchestrator ({@code orchestrator/target/quarkus-app/quarkus-run.jar}) in the
 * foreground, waits until {@code /q/health/ready} answers, and stops it on Ctrl-C.
 */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the orchestrator in the foreground and wait until it is ready; Ctrl-C stops it.",
                "Without a database configured it runs an embedded PostgreSQL (real PostgreSQL binaries) with its data "
                        + "in --data-dir. To use your own PostgreSQL pass --database-url, or set QUARKUS_DATASOURCE_JDBC_URL, "
                        + "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tasker server",
                "  ./tasker server --port 9090 --data-dir /var/lib/tasker",
                "  QUARKUS_DATASOURCE_USERNAME=tasker QUARKUS_DATASOURCE_PASSWORD=secret \\",
                "    ./tasker server --database-url jdbc:postgresql://db:5432/tasker"})
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "8080", description = "HTTP port (default 8080).")
    private int port;

    @Option(names = "--data-dir", paramLabel = "<dir>",
            description = "Embedded PostgreSQL data directory (default: ~/.tasker/postgres).")
    private Path dataDir;

    @Option(names = "--database-url", paramLabel = "<jdbc-url>",
            description = "Use this PostgreSQL instead of the embedded one, e.g. jdbc:postgresql://localhost:5432/tasker.")
    private String databaseUrl;

    @Option(names = "--ready-timeout", paramLabel = "<duration>", defaultValue = "180s", converter = DurationConverter.class,
            description = "How long to wait for the orchestrator to become ready (default 180s; the first start "
                    + "initialises the database).")
    private Duration readyTimeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        OrchestratorClient client = new OrchestratorClient(URI.create("http://localhost:" + port));
        if (client.isReady()) {
            throw new CliException(ExitCode.CONFLICT, "an orchestrator is already running at " + client.baseUri()
                    + ": use it, or start another with --port <other port>");
        }
        OrchestratorProcess server = OrchestratorProcess.start(new OrchestratorProcess.Settings(
                TaskerHome.locate().orchestratorJar(), port, dataDir, databaseUrl, null, List.of()));
        Thread stopper = new Thread(server::close, "tasker-server-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        server.awaitReady(client, readyTimeout);
        out.println("Tasker orchestrator ready at " + client.baseUri() + " (pid " + server.pid() + "). Press Ctrl-C to stop it.");
        out.println("Try: ./tasker templates list --server " + client.baseUri());
        out.flush();
        int status = server.waitFor();
        Runtime.getRuntime().removeShutdownHook(stopper);
        if (status != 0) {
            throw new CliException(ExitCode.INTERNAL_ERROR, "the orchestrator exited with code " + status + " (see its output above)");
        }
        return ExitCode.OK.code();
    }
}
