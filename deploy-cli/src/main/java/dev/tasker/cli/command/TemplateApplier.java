package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.ProblemErrors;
import dev.tasker.cli.client.ApiException;
import dev.tasker.cli.client.ApiResponse;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.options.JsonInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies task template files ({@code POST /v1/templates}), for {@code tasker templates apply} and
 * {@code tasker demo}. A template the orchestrator rejects (400/422) is reported, not thrown, so the remaining
 * files are still applied.
 */
final class TemplateApplier {

    /**
     * What happened to one file.
     *
     * @param file   the template file
     * @param status {@code created}, {@code unchanged} (identical template already stored) or {@code rejected}
     * @param body   the orchestrator's answer: {@code {namespace, name, version, key, step_count, steps}}, or the
     *               problem document when rejected
     */
    record Outcome(Path file, String status, JsonNode body) {

        /** @return true when the orchestrator refused the template */
        boolean rejected() {
            return status.equals("rejected");
        }

        /** @return the problem's errors as {@code file:line N, column M: field: message} lines (empty unless rejected) */
        List<String> errorLines() {
            return rejected() ? ProblemErrors.lines(body, file.toString()) : List.of();
        }

        /** @return {@code {file, status, ...answer}} or {@code {file, status, problem}} */
        ObjectNode toJson() {
            ObjectNode json = Json.object().put("file", file.toString()).put("status", status);
            if (rejected()) {
                json.set("problem", body);
            } else if (body.isObject()) {
                json.setAll((ObjectNode) body);
            }
            return json;
        }
    }

    private TemplateApplier() {
    }

    /**
     * Expands directories to the {@code *.yaml} / {@code *.yml} files in them, sorted by name.
     *
     * @throws CliException {@link ExitCode#INVALID_INPUT} for an unreadable directory or one without templates
     */
    static List<Path> files(List<Path> paths) {
        return paths.stream().flatMap(TemplateApplier::expand).toList();
    }

    /**
     * @return the outcome; rejections (400/422) are returned, other API errors are thrown
     * @throws CliException {@link ExitCode#INVALID_INPUT} when the file cannot be read
     */
    static Outcome apply(OrchestratorClient client, Path file) {
        String yaml = JsonInput.readFile(file, "template");
        try {
            ApiResponse response = client.applyTemplate(yaml);
            return new Outcome(file, response.status() == 201 ? "created" : "unchanged", response.body());
        } catch (ApiException e) {
            if (e.exitCode() != ExitCode.INVALID_INPUT) {
                throw e;
            }
            JsonNode problem = e.problem().has("detail") ? e.problem() : Json.object().put("detail", e.getMessage());
            return new Outcome(file, "rejected", problem);
        }
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
