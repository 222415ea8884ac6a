package dev.tasker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.testing.Cli;
import dev.tasker.cli.testing.ItWorkflow;
import dev.tasker.cli.testing.RunningOrchestrator;
import dev.tasker.cli.testing.WatModules;
import dev.tasker.runtime.module.ModuleDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static dev.tasker.cli.testing.RunningOrchestrator.tasker;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code deploy} and {@code handlers list|versions|rollback} against a real orchestrator. */
@ExtendWith(RunningOrchestrator.class)
class HandlersIT {

    @TempDir
    Path dir;

    private static String uniqueName() {
        return "h-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void deployPrintsDigestSizeAndVersionAndTheSameBytesAgainIsANoOp() {
        String name = uniqueName();
        byte[] module = WatModules.echo();
        Path file = WatModules.write(dir, "echo.wasm", module);
        String digest = ModuleDigest.of(module);

        Cli.Run first = tasker("deploy", file.toString(), "--name", name);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Deployed " + name + " version 1 (live).", "digest   " + digest,
                "(" + module.length + " bytes)", "version  1 of 1");

        Cli.Run again = tasker("deploy", file.toString(), "--name", name);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("No change: " + name + " version 1 has the same bytes and is already live.");

        JsonNode json = Json.parse(tasker("deploy", file.toString(), "--name", name, "-o", "json").out(), "output");
        assertThat(json.path("digest").asText()).isEqualTo(digest);
        assertThat(json.path("size_bytes").asLong()).isEqualTo(module.length);
        assertThat(json.path("version").asInt()).isEqualTo(1);
        assertThat(json.path("created").asBoolean()).isFalse();
        assertThat(json.path("changed").asBoolean()).isFalse();
        assertThat(json.path("live").asBoolean()).isTrue();
    }

    @Test
    void versionsListAndRollback() {
        String name = uniqueName();
        Path v1 = WatModules.write(dir, "v1.wasm", WatModules.constant("{\"success\":true,\"result\":{\"v\":1}}", ""));
        Path v2 = WatModules.write(dir, "v2.wasm", WatModules.constant("{\"success\":true,\"result\":{\"v\":2}}", ""));
        String d1 = ModuleDigest.of(WatModules.constant("{\"success\":true,\"result\":{\"v\":1}}", ""));
        String d2 = ModuleDigest.of(WatModules.constant("{\"success\":true,\"result\":{\"v\":2}}", ""));
        assertThat(tasker("deploy", v1.toString(), "--name", name, "--memory", "2", "--timeout", "5s").exitCode()).isZero();
        Cli.Run second = tasker("deploy", v2.toString(), "--name", name);
        assertThat(second.out()).contains("Deployed " + name + " version 2 (live).");

        Cli.Run versions = tasker("handlers", "versions", name);
        assertThat(versions.exitCode()).isZero();
        assertThat(versions.out().lines().skip(1).toList())
                .satisfiesExactly(l -> assertThat(l).startsWith("2").contains("*", d2),
                        l -> assertThat(l).startsWith("1").contains(d1).doesNotContain("*"));

        Cli.Run list = tasker("handlers", "list");
        assertThat(list.out()).containsPattern(name + "\\s+" + d2.substring(0, 19) + "\\s+2\\s");

        Cli.Run rollback = tasker("handlers", "rollback", name);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("Rolled back " + name + ": version 1 (" + d1 + ") is live, was version 2");
        JsonNode live = Json.parse(tasker("handlers", "versions", name, "-o", "json").out(), "output");
        assertThat(live.get(1).path("live").asBoolean()).isTrue();
        assertThat(live.get(0).path("live").asBoolean()).isFalse();

        Cli.Run nothingOlder = tasker("handlers", "rollback", name);
        assertThat(nothingOlder.exitCode()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(nothingOlder.err()).contains("has no version older than the live one", "--to <digest>");

        Cli.Run forward = tasker("handlers", "rollback", name, "--to", d2.substring("sha256:".length(), 20));
        assertThat(forward.exitCode()).as(forward.toString()).isZero();
        assertThat(forward.out()).contains("version 2 (" + d2 + ") is live");

        Cli.Run same = tasker("handlers", "rollback", name, "--to", d2);
        assertThat(same.out()).contains("No change: version 2 of " + name);

        Cli.Run unknownDigest = tasker("handlers", "rollback", name, "--to", "sha256:ffff");
        assertThat(unknownDigest.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(unknownDigest.err()).contains("has no version with digest sha256:ffff");

        // deploying v1's bytes again makes that existing version live again
        Cli.Run redeploy = tasker("deploy", v1.toString(), "--name", name);
        assertThat(redeploy.out()).contains("Already uploaded: " + name + " version 1 has the same bytes; made it live again.",
                "limits   memory 2 MiB, timeout 5.00 s");
    }

    @Test
    void deployedLimitsAreStoredShownAndEnforced() {
        String name = uniqueName().replace('-', '_');
        Path spin = WatModules.write(dir, "spin.wasm", WatModules.spin());

        Cli.Run deploy = tasker("deploy", spin.toString(), "--name", name, "--memory", "2", "--timeout", "500ms");
        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        assertThat(deploy.out()).contains("limits   memory 2 MiB, timeout 500 ms").doesNotContain("checked locally");

        JsonNode json = Json.parse(tasker("deploy", spin.toString(), "--name", name, "-o", "json").out(), "output");
        assertThat(json.path("limits").path("memory_mb").asInt()).isEqualTo(2);
        assertThat(json.path("limits").path("timeout_ms").asLong()).isEqualTo(500);
        assertThat(json.path("changed").asBoolean()).isFalse();

        Cli.Run versions = tasker("handlers", "versions", name);
        assertThat(versions.out().lines().findFirst().orElseThrow()).contains("MEMORY", "TIMEOUT");
        assertThat(versions.out()).containsPattern("1\\s+\\*\\s+sha256:\\S+\\s+.*2 MiB\\s+500 ms");

        Cli.Run other = tasker("deploy", spin.toString(), "--name", name, "--timeout", "1s");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(other.err()).contains("timeout_ms=500", "timeout_ms=1000");

        // the stored 500 ms applies to a step without timeout_seconds (the orchestrator's default is 30 s)
        Path template = ItWorkflow.write(dir, "t.yaml", """
                name: %1$s
                namespace_name: cli_limits
                version: 1.0.0
                steps:
                  - name: spin
                    handler: {callable: %1$s}
                    retry: {max_attempts: 1}
                """.formatted(name));
        assertThat(tasker("templates", "apply", template.toString()).exitCode()).isZero();
        Cli.Run task = tasker("tasks", "create", "cli_limits/" + name, "--context", "{}", "--wait", "-o", "json");
        assertThat(task.exitCode()).as(task.toString()).isEqualTo(ExitCode.TASK_FAILED.code());
        JsonNode step = Json.parse(task.out(), "output").path("steps").get(0);
        assertThat(step.path("error").path("error_type").asText()).isEqualTo("handler_timeout");
        assertThat(step.path("error").path("message").asText()).contains("timeout of 500 ms");
    }

    @Test
    void unknownHandlerIsNotFound() {
        Cli.Run versions = tasker("handlers", "versions", "no-such-handler");
        assertThat(versions.exitCode()).as(versions.toString()).isEqualTo(ExitCode.NOT_FOUND.code());
        Cli.Run rollback = tasker("handlers", "rollback", "no-such-handler");
        assertThat(rollback.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
    }

    @Test
    void listAsJsonIsTheOrchestratorsList() {
        String name = uniqueName();
        tasker("deploy", WatModules.write(dir, "e.wasm", WatModules.echo()).toString(), "--name", name);
        JsonNode handlers = Json.parse(tasker("handlers", "list", "-o", "json").out(), "output");
        assertThat(handlers.findValuesAsText("name")).contains(name);
    }
}
