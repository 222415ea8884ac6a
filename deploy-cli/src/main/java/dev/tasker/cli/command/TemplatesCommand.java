package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.output.Formats;
import dev.tasker.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code tasker templates apply|list}: task templates (YAML DAGs of workflow steps). */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = "Apply task templates (YAML) to the orchestrator and list them.",
        subcommands = {TemplatesCommand.Apply.class, TemplatesCommand.ListTemplates.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tasker templates apply handlers-examples/templates/", "  ./tasker templates list"})
public final class TemplatesCommand {

    /** {@code tasker templates apply <file|dir>...}. */
    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Upload task templates. A directory applies every *.yaml and *.yml file in it (sorted by name).",
                    "Re-applying an identical template changes nothing. Every file is tried; the command fails (exit 5) "
                            + "if any was rejected, listing each error with its line and field."},
            footerHeading = "%nExamples:%n",
            footer = {"  ./tasker templates apply order_fulfillment.yaml",
                    "  ./tasker templates apply handlers-examples/templates/"})
    static final class Apply extends ApiCommand {
        @Parameters(arity = "1..*", paramLabel = "<file|dir>", description = "Template files or directories.")
        private List<Path> paths;

        @Override
        protected ExitCode run(OrchestratorClient client) {
            List<TemplateApplier.Outcome> outcomes = TemplateApplier.files(paths).stream()
                    .map(file -> TemplateApplier.apply(client, file)).toList();
            PrintWriter err = spec().commandLine().getErr();
            for (TemplateApplier.Outcome outcome : outcomes.stream().filter(TemplateApplier.Outcome::rejected).toList()) {
                err.println(outcome.file() + ": rejected: " + outcome.body().path("detail").asText());
                outcome.errorLines().forEach(line -> err.println("  " + line));
            }
            err.flush();
            if (json()) {
                ArrayNode results = Json.MAPPER.createArrayNode();
                outcomes.forEach(outcome -> results.add(outcome.toJson()));
                printJson(results);
            } else {
                Table table = new Table("file", "template", "steps", "status");
                outcomes.forEach(o -> table.row(o.file(), o.rejected() ? null : o.body().path("key").asText(),
                        o.rejected() ? null : o.body().path("step_count").asInt(), o.status()));
                table.print(out());
            }
            long rejected = outcomes.stream().filter(TemplateApplier.Outcome::rejected).count();
            if (rejected > 0) {
                throw new CliException(ExitCode.INVALID_INPUT, rejected + " of " + outcomes.size()
                        + " template(s) rejected: fix the errors listed above and apply again");
            }
            return ExitCode.OK;
        }
    }

    /** {@code tasker templates list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the task templates the orchestrator knows.",
            footerHeading = "%nExamples:%n", footer = {"  ./tasker templates list", "  ./tasker templates list -o json"})
    static final class ListTemplates extends ApiCommand {
        @Override
        protected ExitCode run(OrchestratorClient client) {
            JsonNode templates = client.listTemplates();
            printListing(templates, templates, "No task templates yet: apply one with ./tasker templates apply <file.yaml|dir>",
                    new Table("namespace", "name", "version", "steps", "description"),
                    t -> new Object[] {t.path("namespace").asText(), t.path("name").asText(), t.path("version").asText(),
                            t.path("step_count").asInt(), Formats.cut(t.path("description").asText(""), 60)});
            return ExitCode.OK;
        }
    }
}
