package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.options.DurationConverter;
import dev.tasker.cli.options.JsonInput;
import dev.tasker.cli.options.ServerOption;
import dev.tasker.cli.output.Formats;
import dev.tasker.cli.output.Table;
import dev.tasker.cli.output.TaskView;
import dev.tasker.cli.output.TransitionsView;
import dev.tasker.cli.output.Terminal;
import dev.tasker.cli.progress.ProgressDisplay;
import dev.tasker.cli.progress.TaskWatcher;
import dev.tasker.cli.server.OrchestratorProcess;
import dev.tasker.cli.server.TaskerHome;
import dev.tasker.runtime.RuntimeLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code tasker demo}: the README's first command. Starts an orchestrator on an embedded PostgreSQL (or uses one
 * already running at {@code --server}), deploys the example handlers listed in
 * {@code handlers-examples/wasm/handlers.txt}, applies {@code handlers-examples/templates/}, runs the order
 * fulfillment workflow twice (a flaky payment gateway whose retry succeeds, and an order too large that ends in
 * error) with live progress, stops the orchestrator it started and says what to try next.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Tasker demo end to end: start an orchestrator on an embedded PostgreSQL (or use the one "
                + "running at --server), deploy the example WASM handlers, apply the example task templates, run the "
                + "order fulfillment workflow (a flaky payment that succeeds on retry, and an order too large that ends "
                + "in error), then stop the orchestrator it started.",
                "Exit code 0 when both tasks ended as expected."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tasker demo", "  ./tasker demo --keep-server          # leave the orchestrator running afterwards",
                "  ./tasker demo --server http://localhost:9090"})
public final class DemoCommand implements Callable<Integer> {

    /**
     * The manifest of example handlers: lines {@code <handler name> <module file> [more columns...]} (extra columns,
     * such as language and source, are ignored), {@code #} comments.
     */
    static final String MANIFEST = "wasm/handlers.txt";

    /** One task the demo runs. */
    record Scenario(String title, String explanation, TemplateRef template, String contextFile, String expectedState) {
    }

    private static final TemplateRef ORDER_FULFILLMENT = new TemplateRef("ecommerce", "order_fulfillment", null);

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("Order fulfillment with a flaky payment gateway",
                    "the payment step fails on its first attempt with a retryable error; the orchestrator retries it "
                            + "with backoff and the order completes",
                    ORDER_FULFILLMENT, "contexts/order-flaky-payment.json", "complete"),
            new Scenario("Order too large",
                    "validation refuses an order over the limit with a non-retryable error, so the task ends in error",
                    ORDER_FULFILLMENT, "contexts/order-too-large.json", "error"));

    @Mixin
    private ServerOption server;

    @Option(names = "--data-dir", paramLabel = "<dir>", description = "Where a demo orchestrator keeps its embedded "
            + "PostgreSQL data and log (default: ~/.tasker/demo).")
    private Path dataDir = Path.of(System.getProperty("user.home"), ".tasker", "demo");

    @Option(names = "--keep-server", description = "Leave the orchestrator the demo started running at the end.")
    private boolean keepServer;

    @Option(names = "--ready-timeout", paramLabel = "<duration>", defaultValue = "180s",
            converter = DurationConverter.class,
            description = "How long to wait for the orchestrator to become ready (default 180s).")
    private Duration readyTimeout;

    @Spec
    private CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        TaskerHome home = TaskerHome.locate();
        OrchestratorClient client = server.client();
        heading("1. Orchestrator");
        OrchestratorProcess started = null;
        if (client.isReady()) {
            out.println("Using the orchestrator already running at " + client.baseUri() + ".");
        } else {
            started = startOrchestrator(home, client);
        }
        Thread stopOnExit = new Thread(started == null || keepServer ? () -> { } : started::close, "tasker-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        boolean allAsExpected = true;
        try {
            heading("2. Handlers (WASM modules from handlers-examples/wasm)");
            deployHandlers(client, home.examples());
            heading("3. Task templates (handlers-examples/templates)");
            applyTemplates(client, home.examples().resolve("templates"));
            int number = 4;
            for (Scenario scenario : SCENARIOS) {
                heading(number++ + ". " + scenario.title());
                allAsExpected &= run(client, home.examples(), scenario);
            }
        } finally {
            if (started != null && !keepServer) {
                out.println();
                out.print("Stopping the orchestrator the demo started... ");
                out.flush();
                started.close();
                out.println("stopped.");
            }
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        whatNext(client, started);
        return (allAsExpected ? ExitCode.OK : ExitCode.TASK_FAILED).code();
    }

    private OrchestratorProcess startOrchestrator(TaskerHome home, OrchestratorClient client) {
        String host = client.baseUri().getHost();
        if (!(host.equals("localhost") || host.equals("127.0.0.1"))) {
            throw new CliException(ExitCode.SERVER_UNREACHABLE, "no orchestrator answers at " + client.baseUri()
                    + " and the demo can only start one on localhost: start it there, or run the demo without --server");
        }
        int port = client.baseUri().getPort() == -1 ? 80 : client.baseUri().getPort();
        Path log = dataDir.resolve("server.log");
        out.println("Starting the orchestrator on " + client.baseUri() + " with an embedded PostgreSQL");
        out.println("  data " + dataDir.resolve("postgres") + ", log " + log);
        out.flush();
        long start = System.nanoTime();
        OrchestratorProcess process = OrchestratorProcess.start(new OrchestratorProcess.Settings(home.orchestratorJar(),
                port, dataDir.resolve("postgres"), null, log, List.of()));
        try {
            process.awaitReady(client, readyTimeout);
        } catch (CliException e) {
            process.close();
            throw e;
        }
        out.println("Ready in " + Formats.millis((System.nanoTime() - start) / 1_000_000) + ".");
        return process;
    }

    private void deployHandlers(OrchestratorClient client, Path examples) {
        Path manifest = examples.resolve(MANIFEST);
        Table table = new Table("handler", "version", "digest", "size", "status");
        for (String[] entry : readManifest(manifest)) {
            HandlerDeployer.Deployment d = HandlerDeployer.deploy(client, manifest.resolveSibling(entry[1]), entry[0],
                    RuntimeLimits.defaults(), null, null);
            table.row(d.name(), d.version(), Formats.shortDigest(d.digest()), Formats.bytes(d.sizeBytes()),
                    d.created() ? "deployed" : d.changed() ? "made live" : "unchanged");
        }
        table.print(out);
    }

    private static List<String[]> readManifest(Path manifest) {
        List<String[]> entries = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest);
        } catch (IOException e) {
            throw new CliException(ExitCode.NOT_FOUND, "cannot read the example handler manifest " + manifest + ": "
                    + e.getMessage() + " (run the demo from a Tasker checkout, or through ./tasker)", e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length < 2) {
                throw new CliException(ExitCode.INVALID_INPUT, manifest + ":" + (i + 1)
                        + ": expected '<handler name> <module file> ...', got '" + line + "'");
            }
            entries.add(fields);
        }
        return entries;
    }

    private void applyTemplates(OrchestratorClient client, Path templates) {
        Table table = new Table("template", "steps", "status");
        for (Path file : TemplateApplier.files(List.of(templates))) {
            TemplateApplier.Outcome outcome = TemplateApplier.apply(client, file);
            if (outcome.rejected()) {
                throw new CliException(ExitCode.INVALID_INPUT, "example template " + file + " was rejected: "
                        + outcome.body().path("detail").asText() + "\n  " + String.join("\n  ", outcome.errorLines()));
            }
            table.row(outcome.body().path("key").asText(), outcome.body().path("step_count").asInt(), outcome.status());
        }
        table.print(out);
    }

    private boolean run(OrchestratorClient client, Path examples, Scenario scenario) {
        out.println("What happens: " + scenario.explanation() + ".");
        Path contextFile = examples.resolve(scenario.contextFile());
        ObjectNode context = (ObjectNode) JsonInput.read("@" + contextFile, "context");
        // Tasks are unique per (template, context): a run id lets the demo run again on the same database.
        String runId = UUID.randomUUID().toString().substring(0, 8);
        context.put("demo_run", runId);
        ObjectNode request = Json.object().put("namespace", scenario.template().namespace())
                .put("name", scenario.template().name());
        request.set("context", context);
        out.println("Task " + scenario.template() + " with the context in " + home(contextFile)
                + " (plus \"demo_run\": \"" + runId + "\")");
        out.flush();
        JsonNode created = TasksCommand.createTask(client, request, scenario.template().toString());
        UUID uuid = UUID.fromString(created.path("task_uuid").asText());
        JsonNode done = new TaskWatcher(client, TaskWatcher.DEFAULT_POLL_INTERVAL)
                .awaitEnd(uuid, ProgressDisplay.forTerminal(Terminal.detect(), out));
        out.println();
        TaskView.print(done, out);
        showRetries(client, uuid, done);
        String state = done.path("state").asText();
        boolean asExpected = state.equals(scenario.expectedState());
        out.println(asExpected ? "Ended in " + state + ", as expected."
                : "Ended in " + state + ", but the demo expected " + scenario.expectedState() + ".");
        return asExpected;
    }

    /** Prints the transitions of every step that needed more than one attempt, so each retry is visible. */
    private void showRetries(OrchestratorClient client, UUID task, JsonNode done) {
        List<String> retried = new ArrayList<>();
        done.path("steps").forEach(step -> {
            if (step.path("attempts").asInt() > 1) {
                retried.add(step.path("name").asText());
            }
        });
        if (retried.isEmpty()) {
            return;
        }
        JsonNode history = client.taskTransitions(task);
        for (String step : retried) {
            out.println();
            out.println("Retries of " + step + " (from ./tasker tasks get " + task + " --history):");
            TransitionsView.print(history, TransitionsView.ofStep(step), out);
        }
    }

    private static String home(Path file) {
        return TaskerHome.locate().root().relativize(file.toAbsolutePath()).toString();
    }

    /** @param started the orchestrator the demo started (stopped unless --keep-server), or null if it used one */
    private void whatNext(OrchestratorClient client, OrchestratorProcess started) {
        heading("What next");
        if (started == null) {
            out.println("The orchestrator at " + client.baseUri() + " keeps running.");
        } else if (keepServer) {
            out.println("The orchestrator is still running at " + client.baseUri() + " (pid " + started.pid()
                    + "; stop it with: kill " + started.pid() + ").");
        } else {
            out.println("Start an orchestrator and keep it running:  ./tasker server");
            out.println("  (./tasker server --data-dir " + dataDir.resolve("postgres") + " reopens the demo's database)");
        }
        boolean stillRunning = started == null || keepServer;
        String server = !stillRunning || client.baseUri().toString().equals(ServerOption.DEFAULT_SERVER) ? ""
                : " (add --server " + client.baseUri() + ")";
        out.println("Then" + server + ":");
        out.println("  ./tasker handlers list                       # the deployed WASM handlers and their live versions");
        out.println("  ./tasker templates list                      # the task templates");
        out.println("  ./tasker tasks list                          # tasks, newest first");
        out.println("  ./tasker tasks create ecommerce/order_fulfillment --context @handlers-examples/contexts/order-ok.json --wait");
        out.println("  ./tasker invoke handlers-examples/wasm/math_square.wasm --context @handlers-examples/contexts/math-6.json");
        out.println("                                               # run one handler locally: no orchestrator needed");
        out.println("  ./tasker --help                              # every command; docs/cli.md has the details");
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }
}
