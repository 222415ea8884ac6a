package dev.tasker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.testing.Cli;
import dev.tasker.cli.testing.ItWorkflow;
import dev.tasker.cli.testing.RunningOrchestrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.tasker.cli.testing.RunningOrchestrator.tasker;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code templates apply|list} against a real orchestrator. */
@ExtendWith(RunningOrchestrator.class)
class TemplatesIT {

    @TempDir
    Path dir;

    private static String template(String name, String callable) {
        return """
                name: %s
                namespace_name: cli_templates
                version: 1.0.0
                description: template %s
                steps:
                  - name: only
                    handler: {callable: %s}
                """.formatted(name, name, callable);
    }

    @Test
    void applyCreatesThenReportsUnchangedAndListShowsIt() {
        Path file = ItWorkflow.write(dir, "alpha.yaml", template("alpha", "some_handler"));
        Cli.Run first = tasker("templates", "apply", file.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).containsPattern("alpha.yaml\\s+cli_templates/alpha@1.0.0\\s+1\\s+created");

        Cli.Run again = tasker("templates", "apply", file.toString());
        assertThat(again.out()).containsPattern("alpha.yaml\\s+cli_templates/alpha@1.0.0\\s+1\\s+unchanged");

        Cli.Run list = tasker("templates", "list");
        assertThat(list.out()).containsPattern("cli_templates\\s+alpha\\s+1.0.0\\s+1\\s+template alpha");
        JsonNode json = Json.parse(tasker("templates", "list", "-o", "json").out(), "output");
        assertThat(json.findValuesAsText("key")).contains("cli_templates/alpha@1.0.0");
    }

    @Test
    void aDirectoryAppliesEveryYamlFileAndRejectionsNameFileLineAndField() throws IOException {
        Path templates = Files.createDirectory(dir.resolve("templates"));
        ItWorkflow.write(templates, "b.yaml", template("beta", "some_handler"));
        ItWorkflow.write(templates, "notes.txt", "not a template");
        ItWorkflow.write(templates, "c.yml", """
                name: gamma
                namespace_name: cli_templates
                version: 1.0.0
                steps:
                  - name: first
                    handler: {callable: some_handler}
                  - name: second
                    dependencies: [missing_step]
                    handler: {callable: some_handler}
                """);
        Cli.Run run = tasker("templates", "apply", templates.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.out()).containsPattern("b.yaml\\s+cli_templates/beta@1.0.0\\s+1\\s+created")
                .containsPattern("c.yml\\s+-\\s+-\\s+rejected").doesNotContain("notes.txt");
        assertThat(run.err()).contains(templates.resolve("c.yml") + ": rejected: ",
                templates.resolve("c.yml") + ":line 8", "missing_step",
                "1 of 2 template(s) rejected: fix the errors listed above and apply again");

        JsonNode json = Json.parse(tasker("templates", "apply", templates.toString(), "-o", "json").out(), "output");
        assertThat(json).extracting(entry -> entry.path("status").asText()).containsExactly("unchanged", "rejected");
        assertThat(json.get(1).path("problem").path("errors")).isNotEmpty();
    }

    @Test
    void unreadableInputsAreInvalid() throws IOException {
        Cli.Run missing = tasker("templates", "apply", dir.resolve("none.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(missing.err()).contains("none.yaml does not exist");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Cli.Run noTemplates = tasker("templates", "apply", empty.toString());
        assertThat(noTemplates.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(noTemplates.err()).contains("holds no *.yaml or *.yml templates");
    }
}
