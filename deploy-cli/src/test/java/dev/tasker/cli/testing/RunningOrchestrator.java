package dev.tasker.cli.testing;

import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.server.OrchestratorProcess;
import dev.tasker.cli.server.TaskerHome;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * JUnit extension giving integration tests one real orchestrator for the whole test run: the built Quarkus
 * application ({@code orchestrator/target/quarkus-app/quarkus-run.jar}) started as a process through
 * {@link OrchestratorProcess} (what {@code tasker server} uses), on a free port, with an embedded PostgreSQL in a
 * fresh temporary data directory. Stopped when the test run ends. Its log goes to
 * {@code deploy-cli/target/orchestrator-it.log}.
 */
public final class RunningOrchestrator implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningOrchestrator.class);

    /** @return the base URL of the orchestrator, e.g. {@code http://localhost:41234} (after the extension ran) */
    public static String url() {
        if (Holder.url == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(RunningOrchestrator.class)");
        }
        return Holder.url;
    }

    /** @return the outcome of {@code tasker <args> --server <this orchestrator>} */
    public static Cli.Run tasker(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--server";
        all[args.length + 1] = url();
        return Cli.run(all);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Holder.class, key -> Holder.start(), Holder.class);
    }

    /** The process, closed by JUnit with the root store at the end of the run. */
    static final class Holder implements AutoCloseable {
        private static String url;
        private final OrchestratorProcess process;
        private final Path dataDir;

        private Holder(OrchestratorProcess process, Path dataDir) {
            this.process = process;
            this.dataDir = dataDir;
        }

        static Holder start() {
            try {
                int port = freePort();
                Path dataDir = Files.createTempDirectory("tasker-cli-it-pg");
                Path log = TaskerHome.locate().root().resolve("deploy-cli/target/orchestrator-it.log");
                OrchestratorProcess process = OrchestratorProcess.start(new OrchestratorProcess.Settings(
                        TaskerHome.locate().orchestratorJar(), port, dataDir, null, log, List.of()));
                String base = "http://localhost:" + port;
                process.awaitReady(new OrchestratorClient(URI.create(base)), Duration.ofMinutes(3));
                url = base;
                return new Holder(process, dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.close();
            url = null;
            deleteTree(dataDir);
        }
    }

    /** @return a TCP port nothing listens on right now */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree (best effort: a file that cannot be deleted is left). */
    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the OS to clean up with the temporary directory
        }
    }
}
