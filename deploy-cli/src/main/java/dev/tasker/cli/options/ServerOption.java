package dev.tasker.cli.options;

import dev.tasker.cli.client.OrchestratorClient;
import picocli.CommandLine.Option;

import java.net.URI;

/** Mixin: {@code --server <url>}, defaulting to {@code $TASKER_SERVER}, else {@code http://localhost:8080}. */
public final class ServerOption {

    /** The server used when neither {@code --server} nor {@code TASKER_SERVER} is given. */
    public static final String DEFAULT_SERVER = "http://localhost:8080";

    @Option(names = "--server", paramLabel = "<url>", defaultValue = "${env:TASKER_SERVER:-" + DEFAULT_SERVER + "}",
            description = "Orchestrator base URL (default: $TASKER_SERVER, else " + DEFAULT_SERVER + ").")
    private URI server;

    /** @return the orchestrator base URL */
    public URI uri() {
        return server;
    }

    /** @return a client for {@link #uri()} */
    public OrchestratorClient client() {
        return new OrchestratorClient(server);
    }
}
