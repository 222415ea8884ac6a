package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.output.Formats;
import dev.tasker.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tasker handlers list|versions|rollback}: the orchestrator's handler registry. */
@Command(name = "handlers", mixinStandardHelpOptions = true,
        description = "List deployed handlers and their versions; roll a handler back to an earlier version.",
        subcommands = {HandlersCommand.ListHandlers.class, HandlersCommand.Versions.class, HandlersCommand.Rollback.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tasker handlers list", "  ./tasker handlers versions order_validate",
                "  ./tasker handlers rollback order_validate"})
public final class HandlersCommand {

    /** {@code tasker handlers list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List deployed handlers with their live version.",
            footerHeading = "%nExamples:%n", footer = {"  ./tasker handlers list", "  ./tasker handlers list -o json"})
    static final class ListHandlers extends ApiCommand {
        @Override
        protected ExitCode run(OrchestratorClient client) {
            JsonNode handlers = client.listHandlers();
            printListing(handlers, handlers, "No handlers deployed yet: deploy one with ./tasker deploy <file.wasm> --name <handler>",
                    new Table("name", "live digest", "versions", "updated"),
                    h -> new Object[] {h.path("name").asText(), Formats.shortDigest(Formats.text(h.path("live_digest"))),
                            h.path("version_count").asInt(), Formats.timestamp(h.path("updated_at"))});
            return ExitCode.OK;
        }
    }

    /** {@code tasker handlers versions <name>}. */
    @Command(name = "versions", mixinStandardHelpOptions = true,
            description = {"List the stored versions of a handler, newest first; * marks the live one.",
                    "memory and timeout are the limits stored with each version (set by deploy --memory/--timeout)."},
            footerHeading = "%nExamples:%n", footer = {"  ./tasker handlers versions order_validate"})
    static final class Versions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<name>", description = "Handler name.")
        private String name;

        @Override
        protected ExitCode run(OrchestratorClient client) {
            HandlerVersions versions = HandlerVersions.fetch(client, name);
            if (json()) {
                printJson(versions.json());
                return ExitCode.OK;
            }
            Table table = new Table("version", "live", "digest", "size", "memory", "timeout", "created");
            versions.newestFirst().forEach(v -> table.row(versions.number(v.path("digest").asText()),
                    v.path("live").asBoolean() ? "*" : "", v.path("digest").asText(),
                    Formats.bytes(v.path("size_bytes").asLong()), Formats.memoryLimit(v.path("limits")),
                    Formats.timeoutLimit(v.path("limits")), Formats.timestamp(v.path("created_at"))));
            table.print(out());
            return ExitCode.OK;
        }
    }

    /** {@code tasker handlers rollback <name> [--to <digest>]}. */
    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Make an earlier version of a handler live again.",
                    "Without --to, the version uploaded just before the live one. Tasks already running keep the "
                            + "version their steps resolved."},
            footerHeading = "%nExamples:%n",
            footer = {"  ./tasker handlers rollback order_validate",
                    "  ./tasker handlers rollback order_validate --to sha256:3f2a9c"})
    static final class Rollback extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<name>", description = "Handler name.")
        private String name;

        @Option(names = "--to", paramLabel = "<digest>",
                description = "Digest (or unique prefix, with or without sha256:) of the version to make live.")
        private String to;

        @Override
        protected ExitCode run(OrchestratorClient client) {
            HandlerVersions versions = HandlerVersions.fetch(client, name);
            String from = versions.liveDigest();
            String target = to == null ? versions.previousOfLive() : versions.resolve(to);
            boolean changed = !target.equals(from);
            if (changed) {
                client.setLiveVersion(name, target);
            }
            if (json()) {
                ObjectNode summary = Json.object().put("name", name).put("live_digest", target)
                        .put("version", versions.number(target)).put("previous_digest", from).put("changed", changed);
                printJson(summary);
                return ExitCode.OK;
            }
            if (changed) {
                out().println("Rolled back " + name + ": version " + versions.number(target) + " (" + target + ") is live"
                        + (from == null ? "." : ", was version " + versions.number(from) + " (" + from + ")."));
            } else {
                out().println("No change: version " + versions.number(target) + " of " + name + " (" + target + ") is already live.");
            }
            out().flush();
            return ExitCode.OK;
        }
    }
}
