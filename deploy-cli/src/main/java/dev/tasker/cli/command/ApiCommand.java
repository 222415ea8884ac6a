package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.options.OutputOption;
import dev.tasker.cli.options.ServerOption;
import dev.tasker.cli.output.Table;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;

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
     * Prints a listing: with {@code --output json}, {@code answer} as JSON; otherwise {@code whenEmpty} when
     * {@code items} is empty, else {@code table} with one row per item.
     *
     * @param answer    the orchestrator's whole answer (what {@code --output json} prints)
     * @param items     the array in it to list
     * @param whenEmpty the line printed instead of an empty table
     * @param table     the table, with its headers
     * @param row       the cells of one item's row, one per header
     * @return true when the table was printed (the caller may add lines under it)
     */
    protected boolean printListing(JsonNode answer, JsonNode items, String whenEmpty, Table table,
                                   Function<JsonNode, Object[]> row) {
        if (json()) {
            printJson(answer);
            return false;
        }
        if (items.isEmpty()) {
            out().println(whenEmpty);
            out().flush();
            return false;
        }
        items.forEach(item -> table.row(row.apply(item)));
        table.print(out());
        return true;
    }

    /** @return the command's model (name, for messages) */
    protected CommandSpec spec() {
        return spec;
    }
}
