package dev.tasker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.testing.Cli;
import dev.tasker.cli.testing.ItWorkflow;
import dev.tasker.cli.testing.RunningOrchestrator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tasker.cli.testing.RunningOrchestrator.tasker;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code tasks create|get|list|cancel} and {@code steps retry|resolve} against a real orchestrator. */
@ExtendWith(RunningOrchestrator.class)
class TasksIT {

    private static final Pattern CREATED = Pattern.compile("Created task ([0-9a-f-]{36})");

    @BeforeAll
    static void install(@TempDir Path dir) {
        ItWorkflow.install(dir);
    }

    private static String context(boolean fail) {
        return "{\"run\":\"" + UUID.randomUUID() + "\"" + (fail ? ",\"fail\":true" : "") + "}";
    }

    private static String uuidIn(Cli.Run run) {
        Matcher m = CREATED.matcher(run.out());
        assertThat(m.find()).as(run.toString()).isTrue();
        return m.group(1);
    }

    @Test
    void waitShowsProgressIncludingTheRetryAndExitsZeroWhenTheTaskCompletes() {
        Cli.Run run = tasker("tasks", "create", ItWorkflow.PIPELINE, "--context", context(false), "--wait",
                "--poll-interval", "50ms");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .containsPattern("\\] first: complete \\(attempt 1/3\\)")
                .containsPattern("\\] flaky: (enqueued_as_error_for_orchestration|waiting_for_retry) \\(attempt 1/3\\) gateway_timeout: gateway timeout")
                .containsPattern("\\] task complete \\(3/3 steps complete\\)")
                .containsPattern("flaky\\s+complete\\s+2/3")
                .contains("state      complete (3/3 steps complete)");

        Cli.Run history = tasker("tasks", "get", uuidIn(run), "--history");
        assertThat(history.out()).contains("History:")
                .containsPattern("flaky\\s+in_progress -> enqueued_as_error_for_orchestration")
                .containsPattern("flaky\\s+enqueued_as_error_for_orchestration -> waiting_for_retry  \\{.*\"delay_ms\"")
                .containsPattern("task\\s+.* -> complete");
        JsonNode json = Json.parse(tasker("tasks", "get", uuidIn(run), "--history", "-o", "json").out(), "output");
        assertThat(json.path("transitions").findValuesAsText("to_state")).contains("waiting_for_retry", "complete");
    }

    @Test
    void waitExitsOneWhenTheTaskEndsInErrorAndShowsTheError() {
        Cli.Run run = tasker("tasks", "create", ItWorkflow.PIPELINE, "--context", context(true), "--wait");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED.code());
        assertThat(run.out()).containsPattern("guard\\s+error\\s+1/1\\s+.*refused: " + ItWorkflow.GUARD_MESSAGE)
                .contains("state      error");
    }

    @Test
    void waitWithJsonOutputPrintsOnlyTheFinalTask() {
        Cli.Run run = tasker("tasks", "create", ItWorkflow.PIPELINE, "--context", context(false), "--wait", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode task = Json.parse(run.out(), "output");
        assertThat(task.path("state").asText()).isEqualTo("complete");
        assertThat(task.path("steps").findValuesAsText("state")).containsOnly("complete");
    }

    @Test
    void createWithoutWaitGetAndList() {
        String context = context(false);
        Cli.Run created = tasker("tasks", "create", ItWorkflow.PIPELINE + "@1.0.0", "--context", context);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String uuid = uuidIn(created);
        assertThat(created.out()).contains("Follow it with: ./tasker tasks get " + uuid);

        Cli.Run get = tasker("tasks", "get", uuid);
        assertThat(get.exitCode()).isZero();
        assertThat(get.out()).contains("Task " + uuid + "  cli_it/pipeline@1.0.0", "STEP", "first", "flaky", "guard");

        Cli.Run list = tasker("tasks", "list", "--namespace", "cli_it", "--name", "pipeline");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(uuid).containsPattern("Showing 1-\\d+ of \\d+");

        JsonNode page = Json.parse(tasker("tasks", "list", "--namespace", "cli_it", "--limit", "1", "-o", "json").out(), "output");
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("limit").asInt()).isEqualTo(1);
    }

    @Test
    void duplicateTaskIsAConflictNamingTheExistingTask() {
        String context = context(false);
        String uuid = uuidIn(tasker("tasks", "create", ItWorkflow.PIPELINE, "--context", context));
        Cli.Run again = tasker("tasks", "create", ItWorkflow.PIPELINE, "--context", context);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(again.err()).contains("already exists: " + uuid, "./tasker tasks get");
    }

    @Test
    void unknownTemplateInvalidContextAndUnknownTaskHaveTheirOwnExitCodes() {
        Cli.Run unknown = tasker("tasks", "create", "cli_it/no_such_template", "--context", "{}");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(unknown.err()).contains("unknown task template cli_it/no_such_template", "./tasker templates apply");

        Cli.Run invalid = tasker("tasks", "create", ItWorkflow.PIPELINE, "--context", "{\"run\": 42}");
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(invalid.err()).contains("run");

        Cli.Run badJson = tasker("tasks", "create", ItWorkflow.PIPELINE, "--context", "{\"run\": ");
        assertThat(badJson.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(badJson.err()).contains("--context is not valid JSON");

        Cli.Run missingTask = tasker("tasks", "get", UUID.randomUUID().toString());
        assertThat(missingTask.exitCode()).as(missingTask.toString()).isEqualTo(ExitCode.NOT_FOUND.code());
    }

    @Test
    void cancelARunningTaskAndNotAFinishedOne() {
        String uuid = uuidIn(tasker("tasks", "create", ItWorkflow.SLOW, "--context", context(false)));
        Cli.Run cancel = tasker("tasks", "cancel", uuid);
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).contains("Cancelled task " + uuid + ": state cancelled.");

        Cli.Run again = tasker("tasks", "cancel", uuid);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(again.err()).contains("task " + uuid + " cannot be cancelled");
    }

    @Test
    void retryAndResolveAFailedStep() {
        Cli.Run failed = tasker("tasks", "create", ItWorkflow.PIPELINE, "--context", context(true), "--wait");
        assertThat(failed.exitCode()).isEqualTo(ExitCode.TASK_FAILED.code());
        String uuid = uuidIn(failed);

        Cli.Run notFailed = tasker("steps", "retry", uuid, "first");
        assertThat(notFailed.exitCode()).as(notFailed.toString()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(notFailed.err()).contains("step first of task " + uuid + " cannot be reset for retry");

        Cli.Run unknownStep = tasker("steps", "retry", uuid, "no_such_step");
        assertThat(unknownStep.exitCode()).as(unknownStep.toString()).isEqualTo(ExitCode.NOT_FOUND.code());

        Cli.Run retry = tasker("steps", "retry", uuid, "guard");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(retry.out()).contains("Step guard of task " + uuid + " reset for retry: state ");

        // the same context fails the guard again; then an operator resolves it by hand
        awaitStepState(uuid, "guard", "error");
        Cli.Run resolve = tasker("steps", "resolve", uuid, "guard");
        assertThat(resolve.exitCode()).as(resolve.toString()).isZero();
        assertThat(resolve.out()).contains("Step guard of task " + uuid + " resolved manually: state resolved_manually");
        JsonNode task = Json.parse(tasker("tasks", "get", uuid, "-o", "json").out(), "output");
        assertThat(task.path("steps").findValuesAsText("state")).containsExactly("complete", "complete", "resolved_manually");
    }

    private static void awaitStepState(String uuid, String step, String state) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode task = Json.parse(tasker("tasks", "get", uuid, "-o", "json").out(), "output");
            for (JsonNode s : task.path("steps")) {
                if (s.path("name").asText().equals(step) && s.path("state").asText().equals(state)) {
                    return;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("step " + step + " of task " + uuid + " did not reach " + state);
    }
}
