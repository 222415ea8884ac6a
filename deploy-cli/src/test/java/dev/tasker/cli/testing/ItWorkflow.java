package dev.tasker.cli.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow the task tests run, deployed through the CLI itself: template {@code cli_it/pipeline@1.0.0} with
 * steps {@code first} (succeeds with {@code {"first":"done"}}) → {@code flaky} (fails its first attempt, retryable; fixed 300 ms backoff) →
 * {@code guard} (fails, not retryable, when the context holds {@code "fail":true}); and
 * {@code cli_it/slow@1.0.0}, one step that spins until its 5 s timeout (for cancelling a running task).
 * The context must hold a string {@code run} (the input schema requires it), which tests make unique.
 */
public final class ItWorkflow {

    /** Key of the main template. */
    public static final String PIPELINE = "cli_it/pipeline";
    /** Key of the template whose only step runs until its timeout. */
    public static final String SLOW = "cli_it/slow";
    /** The message of the guard step's failure. */
    public static final String GUARD_MESSAGE = "order refused by guard";

    private static final String PIPELINE_YAML = """
            name: pipeline
            namespace_name: cli_it
            version: 1.0.0
            description: CLI integration test workflow
            input_schema:
              type: object
              required: [run]
              properties:
                run: {type: string}
            steps:
              - name: first
                handler: {callable: cli-it-first}
              - name: flaky
                dependencies: [first]
                handler: {callable: cli-it-flaky}
                retry: {max_attempts: 3, backoff: fixed, backoff_base_ms: 300}
              - name: guard
                dependencies: [flaky]
                handler: {callable: cli-it-guard}
                retry: {retryable: false, max_attempts: 1}
            """;

    private static final String SLOW_YAML = """
            name: slow
            namespace_name: cli_it
            version: 1.0.0
            description: one step that runs until its timeout
            steps:
              - name: spin
                handler: {callable: cli-it-spin}
                timeout_seconds: 5
                retry: {retryable: false, max_attempts: 1}
            """;

    private ItWorkflow() {
    }

    /** Deploys the handlers and applies both templates (idempotent: safe to call from every test class). */
    public static void install(Path dir) {
        // not an echo: the flaky step's dependency results must not contain another step's "attempt":1
        deploy(dir, "cli-it-first", WatModules.constant("{\"success\":true,\"result\":{\"first\":\"done\"}}", ""));
        deploy(dir, "cli-it-flaky", WatModules.failWhen("\"attempt\":1,", "{\"success\":false,\"error\":{"
                + "\"message\":\"gateway timeout\",\"error_type\":\"gateway_timeout\",\"retryable\":true}}"));
        deploy(dir, "cli-it-guard", WatModules.failWhen("\"fail\":true", "{\"success\":false,\"error\":{"
                + "\"message\":\"" + GUARD_MESSAGE + "\",\"error_type\":\"refused\",\"retryable\":false}}"));
        deploy(dir, "cli-it-spin", WatModules.spin());
        Cli.Run apply = RunningOrchestrator.tasker("templates", "apply", write(dir, "pipeline.yaml", PIPELINE_YAML).toString(),
                write(dir, "slow.yaml", SLOW_YAML).toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
    }

    private static void deploy(Path dir, String name, byte[] module) {
        Cli.Run run = RunningOrchestrator.tasker("deploy", WatModules.write(dir, name + ".wasm", module).toString(), "--name", name);
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    /** Writes {@code text} to {@code dir/name}. */
    public static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
