package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.ProblemErrors;
import dev.tasker.cli.client.ApiException;
import dev.tasker.cli.client.ApiResponse;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.options.JsonInput;
import dev.tasker.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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
            ArrayNode results = Json.MAPPER.createArrayNode();
            Table table = new Table("file", "template", "steps", "status");
            int rejected = 0;
            for (Path file : templateFiles(paths)) {
                String yaml = JsonInput.readFile(file, "template");
                try {
                    ApiResponse response = client.applyTemplate(yaml);
                    String status = response.status() == 201 ? "created" : "unchanged";
                    ObjectNode entry = results.addObject().put("file", file.toString()).put("status", status);
                    if (response.body().isObject()) {
                        entry.setAll((ObjectNode) response.body());
                    }
                    table.row(file, response.body().path("key").asText(), response.body().path("step_count").asInt(), status);
                } catch (ApiException e) {
                    if (e.exitCode() != ExitCode.INVALID_INPUT) {
                        throw e;
                    }
                    rejected++;
                    results.addObject().put("file", file.toString()).put("status", "rejected").set("problem", e.problem());
                    table.row(file, "-", "-", "rejected");
                    printRejection(file, e);
                }
            }
            if (json()) {
                printJson(results);
            } else {
                table.print(out());
            }
            if (rejected > 0) {
                throw new CliException(ExitCode.INVALID_INPUT, rejected + " of " + results.size()
                        + " template(s) rejected: fix the errors listed above and apply again");
            }
            return ExitCode.OK;
        }

        private void printRejection(Path file, ApiException e) {
            PrintWriter err = spec().commandLine().getErr();
            err.println(file + ": rejected: " + e.detail());
            ProblemErrors.lines(e.problem(), file.toString()).forEach(line -> err.println("  " + line));
            err.flush();
        }

        private static List<Path> templateFiles(List<Path> paths) {
            return paths.stream().flatMap(Apply::expand).toList();
        }

        private static Stream<Path> expand(Path path) {
            if (!Files.isDirectory(path)) {
                return Stream.of(path);
            }
            try (Stream<Path> children = Files.list(path)) {
                List<Path> files = children.filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().toList();
                if (files.isEmpty()) {
                    throw new CliException(ExitCode.INVALID_INPUT, "directory " + path + " holds no *.yaml or *.yml templates");
                }
                return files.stream();
            } catch (IOException e) {
                throw new CliException(ExitCode.INVALID_INPUT, "cannot list directory " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@code tasker templates list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the task templates the orchestrator knows.",
            footerHeading = "%nExamples:%n", footer = {"  ./tasker templates list", "  ./tasker templates list -o json"})
    static final class ListTemplates extends ApiCommand {
        @Override
        protected ExitCode run(OrchestratorClient client) {
            JsonNode templates = client.listTemplates();
            if (json()) {
                printJson(templates);
                return ExitCode.OK;
            }
            if (templates.isEmpty()) {
                out().println("No task templates yet: apply one with ./tasker templates apply <file.yaml|dir>");
                out().flush();
                return ExitCode.OK;
            }
            Table table = new Table("namespace", "name", "version", "steps", "description");
            templates.forEach(t -> table.row(t.path("namespace").asText(), t.path("name").asText(), t.path("version").asText(),
                    t.path("step_count").asInt(), t.path("description").asText("")));
            table.print(out());
            return ExitCode.OK;
        }
    }
}
