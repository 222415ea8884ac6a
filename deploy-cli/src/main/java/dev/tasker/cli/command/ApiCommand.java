package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.options.OutputOption;
import dev.tasker.cli.options.ServerOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of the commands that talk to the orchestrator: {@code --server} and {@code --output}, the client,
 * and the command's output stream. Subclasses implement {@link #run(OrchestratorClient)}.
 */
abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    private ServerOption server;

    @Mixin
    private OutputOption output;

    @Spec
    private CommandSpec spec;

    @Override
    public final Integer call() {
        return run(server.client()).code();
    }

    /**
     * Does the command's work.
     *
     * @return how the command ended (failures are thrown as {@link dev.tasker.cli.CliException})
     */
    protected abstract ExitCode run(OrchestratorClient client);

    /** @return where the command prints its answer (stdout, or what a test set) */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** @return true when {@code --output json} was given */
    protected boolean json() {
        return output.json();
    }

    /** Prints {@code node} as indented JSON and flushes. */
    protected void printJson(JsonNode node) {
        out().println(Json.pretty(node));
        out().flush();
    }

    /**
     * The common start of every listing: with {@code --output json} prints {@code answer}; otherwise, when
     * {@code items} is empty, prints {@code whenEmpty}.
     *
     * @return true when that already was the whole output (the caller prints its table otherwise)
     */
    protected boolean printedJsonOrNothingToList(JsonNode answer, JsonNode items, String whenEmpty) {
        if (json()) {
            printJson(answer);
            return true;
        }
        if (items.isEmpty()) {
            out().println(whenEmpty);
            out().flush();
            return true;
        }
        return false;
    }

    /** @return the command's model (name, for messages) */
    protected CommandSpec spec() {
        return spec;
    }
}
