package dev.tasker.cli.server;

import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Tasker repository checkout the CLI runs from: where the built orchestrator and the example handlers are.
 * The {@code ./tasker} launcher passes it as {@code -Dtasker.home=<repository root>}; otherwise the current
 * directory is used.
 *
 * @param root the repository root (absolute)
 */
public record TaskerHome(Path root) {

    /** The orchestrator's runnable Quarkus application, relative to the root. */
    public static final String ORCHESTRATOR_JAR = "orchestrator/target/quarkus-app/quarkus-run.jar";

    /** @return the home named by {@code tasker.home}, else the current directory */
    public static TaskerHome locate() {
        return new TaskerHome(Path.of(System.getProperty("tasker.home", "")).toAbsolutePath().normalize());
    }

    /**
     * @return the orchestrator jar
     * @throws CliException {@link ExitCode#NOT_FOUND} saying how to build it when it is missing
     */
    public Path orchestratorJar() {
        Path jar = root.resolve(ORCHESTRATOR_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new CliException(ExitCode.NOT_FOUND, "the orchestrator is not built (" + jar + " is missing): run the "
                    + "./tasker launcher from the repository root (it builds what is missing), or "
                    + "./mvnw -B package -DskipTests -pl orchestrator -am");
        }
        return jar;
    }

    /** @return {@code handlers-examples/} under the root */
    public Path examples() {
        return root.resolve("handlers-examples");
    }
}
