package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.client.ApiException;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.options.DurationConverter;
import dev.tasker.cli.options.JsonInput;
import dev.tasker.cli.output.Formats;
import dev.tasker.cli.output.Table;
import dev.tasker.cli.output.TaskStates;
import dev.tasker.cli.output.TaskView;
import dev.tasker.cli.output.TransitionsView;
import dev.tasker.cli.output.Terminal;
import dev.tasker.cli.progress.ProgressDisplay;
import dev.tasker.cli.progress.TaskWatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** {@code tasker tasks create|get|list|cancel}. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Create tasks from task templates, follow them, list and cancel them.",
        subcommands = {TasksCommand.Create.class, TasksCommand.Get.class, TasksCommand.ListTasks.class,
                TasksCommand.Cancel.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tasker tasks create ecommerce/order_fulfillment --context @order.json --wait",
                "  ./tasker tasks list --state error", "  ./tasker tasks get 0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10"})
public final class TasksCommand {

    /** {@code tasker tasks create <namespace>/<name>[@version] [--context ...] [--wait]}. */
    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Create a task from a task template.",
                    "With --wait, show live progress (steps done/total and each step's state) until the task ends; "
                            + "the exit code then says how it ended: 0 complete or resolved manually, 1 error or cancelled."},
            footerHeading = "%nExamples:%n",
            footer = {"  ./tasker tasks create ecommerce/order_fulfillment --context '{\"order_id\":\"A-1\",\"items\":[]}'",
                    "  ./tasker tasks create ecommerce/order_fulfillment@1.0.0 --context @order.json --wait",
                    "  cat order.json | ./tasker tasks create ecommerce/order_fulfillment --context - --wait -o json"})
    static final class Create extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<namespace>/<name>[@version]", converter = TemplateRef.Converter.class,
                description = "The task template; without @version the latest version.")
        private TemplateRef template;

        @Option(names = {"-c", "--context"}, paramLabel = "<json|@file|->", defaultValue = "{}",
                description = "Task context (input JSON): inline JSON, @file, or - for stdin. Default: {}.")
        private String context;

        @Option(names = "--wait", description = "Follow the task until it ends and exit with how it ended.")
        private boolean wait;

        @Option(names = "--idempotency-key", paramLabel = "<key>",
                description = "Caller-chosen key: a second create with the same key returns 409 with the existing task.")
        private String idempotencyKey;

        @Option(names = "--correlation-id", paramLabel = "<id>", description = "Correlation id passed to every step.")
        private String correlationId;

        @Option(names = "--poll-interval", paramLabel = "<duration>", defaultValue = "250ms",
                converter = DurationConverter.class,
                description = "Time between progress updates with --wait (default 250ms); the end shows at once.")
        private Duration pollInterval;

        @Override
        protected ExitCode run(OrchestratorClient client) {
            ObjectNode request = Json.object().put("namespace", template.namespace()).put("name", template.name());
            if (template.version() != null) {
                request.put("version", template.version());
            }
            request.set("context", JsonInput.read(context, "--context"));
            if (idempotencyKey != null) {
                request.put("idempotency_key", idempotencyKey);
            }
            if (correlationId != null) {
                request.put("correlation_id", correlationId);
            }
            JsonNode created = createTask(client, request, template.toString());
            UUID uuid = UUID.fromString(created.path("task_uuid").asText());
            if (!wait) {
                if (json()) {
                    printJson(created);
                } else {
                    out().println("Created task " + uuid + " (" + TaskView.templateKey(created) + "), state "
                            + created.path("state").asText() + ".");
                    out().println("Follow it with: ./tasker tasks get " + uuid);
                    out().flush();
                }
                return ExitCode.OK;
            }
            if (!json()) {
                out().println("Created task " + uuid + " (" + TaskView.templateKey(created) + "); waiting for it to end.");
            }
            ProgressDisplay display = json() ? ProgressDisplay.silent() : ProgressDisplay.forTerminal(Terminal.detect(), out());
            JsonNode done = new TaskWatcher(client, pollInterval).awaitEnd(uuid, display);
            if (json()) {
                printJson(done);
            } else {
                out().println();
                TaskView.print(done, out());
                if (done.path("state").asText().equals("error")) {
                    out().println();
                    out().println("The task ended in error. Once the cause is fixed: ./tasker steps retry " + uuid
                            + " <step> runs a failed step again; ./tasker steps resolve " + uuid + " <step> skips it.");
                    out().flush();
                }
            }
            return TaskStates.exitCode(done.path("state").asText());
        }
    }

    /**
     * {@code POST /v1/tasks} with messages that say what to do for an unknown template or a duplicate task.
     *
     * @param what the template reference as the user wrote it, for messages
     * @return the created task JSON
     */
    static JsonNode createTask(OrchestratorClient client, ObjectNode request, String what) {
        try {
            return client.createTask(request);
        } catch (ApiException e) {
            throw switch (e.status()) {
                case 404 -> new CliException(ExitCode.NOT_FOUND, "unknown task template " + what + " (" + e.detail()
                        + "): apply it with ./tasker templates apply <file.yaml>; ./tasker templates list shows what is there", e);
                case 409 -> new CliException(ExitCode.CONFLICT, "a task with the same template and context (or idempotency key) "
                        + "already exists: " + e.problem().path("existing_task_uuid").asText("?")
                        + ". See it with ./tasker tasks get <uuid>, or change the context or --idempotency-key", e);
                default -> e;
            };
        }
    }

    /** {@code tasker tasks get <uuid> [--history]}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Show a task with its steps, results and errors.",
                    "--history adds every task and step transition in order (states, times and why)."},
            footerHeading = "%nExamples:%n", footer = {"  ./tasker tasks get 0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10",
                    "  ./tasker tasks get 0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10 --history",
                    "  ./tasker tasks get 0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10 -o json | jq '.steps[].state'"})
    static final class Get extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<task-uuid>", description = "The task's uuid.")
        private UUID task;

        @Option(names = "--history", description = "Also show the task's transitions (with -o json: a transitions field).")
        private boolean history;

        @Override
        protected ExitCode run(OrchestratorClient client) {
            JsonNode found = client.getTask(task);
            JsonNode transitions = history ? client.taskTransitions(task).path("transitions") : null;
            if (json()) {
                if (history && found instanceof ObjectNode object) {
                    object.set("transitions", transitions);
                }
                printJson(found);
                return ExitCode.OK;
            }
            TaskView.print(found, out());
            if (history) {
                out().println();
                out().println("History:");
                TransitionsView.print(transitions, t -> true, out());
            }
            return ExitCode.OK;
        }
    }

    /** {@code tasker tasks list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List tasks, newest first.",
            footerHeading = "%nExamples:%n", footer = {"  ./tasker tasks list", "  ./tasker tasks list --namespace ecommerce --state error",
                    "  ./tasker tasks list --limit 10 --offset 10 -o json"})
    static final class ListTasks extends ApiCommand {
        @Option(names = "--namespace", paramLabel = "<namespace>", description = "Only tasks of templates in this namespace.")
        private String namespace;

        @Option(names = "--name", paramLabel = "<name>", description = "Only tasks of templates with this name.")
        private String name;

        @Option(names = "--state", paramLabel = "<state>", description = "Only tasks in this state (e.g. error, complete).")
        private String state;

        @Option(names = "--limit", paramLabel = "<n>", defaultValue = "50", description = "Page size (default 50).")
        private int limit;

        @Option(names = "--offset", paramLabel = "<n>", defaultValue = "0", description = "Tasks to skip (default 0).")
        private int offset;

        @Override
        protected ExitCode run(OrchestratorClient client) {
            Map<String, Object> filters = new LinkedHashMap<>();
            filters.put("namespace", namespace);
            filters.put("name", name);
            filters.put("state", state);
            filters.put("limit", limit);
            filters.put("offset", offset);
            JsonNode page = client.listTasks(filters);
            JsonNode items = page.path("items");
            boolean printedTable = printListing(page, items, page.path("total").asInt() > 0 ? "No tasks on this page."
                            : "No tasks yet: create one with ./tasker tasks create <namespace>/<name>",
                    new Table("task", "template", "state", "created", "completed"),
                    t -> new Object[] {t.path("task_uuid").asText(), TaskView.templateKey(t), t.path("state").asText(),
                            Formats.timestamp(t.path("created_at")), Formats.timestamp(t.path("completed_at"))});
            if (!printedTable) {
                return ExitCode.OK;
            }
            int shownTo = offset + items.size();
            int total = page.path("total").asInt(shownTo);
            out().println("Showing " + (offset + 1) + "-" + shownTo + " of " + total
                    + (shownTo < total ? " (next page: --offset " + shownTo + ")" : "") + ".");
            out().flush();
            return ExitCode.OK;
        }
    }

    /** {@code tasker tasks cancel <uuid>}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a task: its unfinished steps are cancelled and it ends in state cancelled.",
            footerHeading = "%nExamples:%n", footer = {"  ./tasker tasks cancel 0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10"})
    static final class Cancel extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<task-uuid>", description = "The task's uuid.")
        private UUID task;

        @Override
        protected ExitCode run(OrchestratorClient client) {
            JsonNode cancelled;
            try {
                cancelled = client.cancelTask(task);
            } catch (ApiException e) {
                if (e.status() == 409) {
                    throw new CliException(ExitCode.CONFLICT, "task " + task + " cannot be cancelled: " + e.detail()
                            + " (a task that already ended stays as it ended)", e);
                }
                throw e;
            }
            if (json()) {
                printJson(cancelled);
            } else {
                out().println("Cancelled task " + task + ": state " + cancelled.path("state").asText() + ".");
                out().flush();
            }
            return ExitCode.OK;
        }
    }
}
