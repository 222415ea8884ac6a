package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.client.ApiException;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.output.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.UUID;

/** {@code tasker steps retry|resolve <task> <step>}: operator actions on a workflow step. */
@Command(name = "steps", mixinStandardHelpOptions = true,
        description = "Operator actions on a workflow step that is in error: run it again, or resolve it by hand.",
        subcommands = {StepsCommand.Retry.class, StepsCommand.Resolve.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tasker steps retry 0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10 process_payment",
                "  ./tasker steps resolve 0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10 process_payment"})
public final class StepsCommand {

    /** Shared by both actions: the two positional parameters and the request. */
    abstract static class StepAction extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<task-uuid>", description = "The task's uuid.")
        private UUID task;

        @Parameters(index = "1", paramLabel = "<step>", description = "The step's name or uuid.")
        private String step;

        private final String action;
        private final String done;

        /**
         * @param action the API action path segment, e.g. {@code reset_for_retry}
         * @param done   what happened, for the message, e.g. {@code reset for retry}
         */
        StepAction(String action, String done) {
            this.action = action;
            this.done = done;
        }

        @Override
        protected ExitCode run(OrchestratorClient client) {
            JsonNode result;
            try {
                result = client.stepAction(task, step, action);
            } catch (ApiException e) {
                if (e.status() == 409 || e.status() == 422) {
                    throw new CliException(ExitCode.CONFLICT, "step " + step + " of task " + task + " cannot be "
                            + done + ": " + e.detail() + " (see ./tasker tasks get " + task + ")", e);
                }
                throw e;
            }
            if (json()) {
                printJson(result);
            } else {
                out().println("Step " + result.path("name").asText(step) + " of task " + task + " " + done + ": state "
                        + result.path("state").asText() + ", attempts " + TaskView.attempts(result) + ".");
                out().println("Follow the task with: ./tasker tasks get " + task);
                out().flush();
            }
            return ExitCode.OK;
        }
    }

    /** {@code tasker steps retry}. */
    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Reset a step in error so the orchestrator runs it again (POST .../reset_for_retry).",
                    "The task leaves error/blocked_by_failures and continues when the step succeeds."},
            footerHeading = "%nExamples:%n", footer = {"  ./tasker steps retry 0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10 process_payment"})
    static final class Retry extends StepAction {
        Retry() {
            super("reset_for_retry", "reset for retry");
        }
    }

    /** {@code tasker steps resolve}. */
    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Mark a step as resolved manually (POST .../resolve_manually): its dependents may run "
                    + "as if it had completed."},
            footerHeading = "%nExamples:%n", footer = {"  ./tasker steps resolve 0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10 process_payment"})
    static final class Resolve extends StepAction {
        Resolve() {
            super("resolve_manually", "resolved manually");
        }
    }
}
