package dev.tasker.cli;

import dev.tasker.cli.testing.Cli;
import dev.tasker.cli.testing.RunningOrchestrator;
import dev.tasker.cli.testing.WatModules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing, help and exit codes of the real command line, without an orchestrator. */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelpWithExamplesAndExitCodes() {
        List<String[]> paths = new ArrayList<>();
        collect(TaskerCli.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p)).contains("deploy", "invoke", "server", "demo",
                "handlers list", "handlers versions", "handlers rollback", "templates apply", "templates list",
                "tasks create", "tasks get", "tasks list", "tasks cancel", "steps retry", "steps resolve");
        for (String[] path : paths) {
            String[] args = append(path, "--help");
            Cli.Run run = Cli.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("Usage: tasker", "Examples:", "Exit codes:",
                    "3   orchestrator unreachable");
        }
    }

    @Test
    void usageErrorsExitWithTwoAndPointAtHelp() {
        assertUsageError(Cli.run("deploy", "x.wasm"), "Missing required option: '--name=<handler>'");
        assertUsageError(Cli.run("tasks", "creat"), "Did you mean: tasks create");
        assertUsageError(Cli.run("tasks", "create", "no-slash"), "not a template reference");
        assertUsageError(Cli.run("tasks", "get", "not-a-uuid"), "<task-uuid>");
        assertUsageError(Cli.run("invoke", "x.wasm", "--timeout", "30"), "'30' is not a duration");
        assertUsageError(Cli.run("invoke", "x.wasm", "--memory", "5000"), "out of range: use 1 to 4096 MiB");
        assertUsageError(Cli.run("tasks", "list", "--output", "yaml"), "--output");
        assertUsageError(Cli.run("handlers"), "Missing required subcommand");
    }

    @Test
    void noCommandPrintsTheUsage() {
        Cli.Run run = Cli.run();
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.out()).contains("Usage: tasker", "Commands:", "demo", "deploy", "Exit codes:");
    }

    @Test
    void invalidHandlerNameIsAUsageErrorBeforeAnythingIsRead() {
        Cli.Run run = Cli.run("deploy", "missing.wasm", "--name", "Bad Name", "--server", "http://127.0.0.1:1");
        assertUsageError(run, "handler name 'Bad Name' is invalid");
    }

    @Test
    void unreachableOrchestratorExitsWithThreeAndSaysHowToStartIt() {
        String server = "http://127.0.0.1:" + RunningOrchestrator.freePort();
        for (String[] args : List.of(new String[] {"tasks", "list"}, new String[] {"handlers", "list"},
                new String[] {"templates", "list"}, new String[] {"tasks", "create", "a/b", "--context", "{}"})) {
            Cli.Run run = Cli.run(append(args, "--server", server));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SERVER_UNREACHABLE.code());
            assertThat(run.err()).contains("cannot reach the orchestrator at " + server, "connection refused",
                    "start it with ./tasker server");
        }
    }

    @Test
    void brokenModuleIsRefusedBeforeUploadWithTheReason() {
        // the server URL is unreachable: reaching it would exit with 3, so exit 5 proves nothing was uploaded
        String server = "http://127.0.0.1:" + RunningOrchestrator.freePort();
        Path notWasm = WatModules.write(dir, "text.wasm", "(module)".getBytes());
        Cli.Run run = Cli.run("deploy", notWasm.toString(), "--name", "broken", "--server", server);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains(notWasm + " is not a valid handler module (NOT_WEBASSEMBLY)",
                "Fix: pass the compiled .wasm binary");

        Path library = WatModules.write(dir, "library.wasm", WatModules.library());
        run = Cli.run("deploy", library.toString(), "--name", "library", "--server", server);
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("(MISSING_EXPORT)", "_start", "Fix: build a WASI preview1 command");

        Path big = WatModules.write(dir, "big.wasm", WatModules.withInitialPages(64));
        run = Cli.run("deploy", big.toString(), "--name", "big", "--memory", "2", "--server", server);
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("(MEMORY_TOO_LARGE)", "Fix: raise --memory");

        run = Cli.run("deploy", dir.resolve("absent.wasm").toString(), "--name", "absent", "--server", server);
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("absent.wasm does not exist");
    }

    @Test
    void serverUrlMustBeHttp() {
        Cli.Run run = Cli.run("tasks", "list", "--server", "localhost:8080");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("is not an http(s) URL");
    }

    private static void assertUsageError(Cli.Run run, String message) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).as(run.toString()).contains(message).contains("--help' for usage and examples");
    }

    private static void collect(CommandLine command, List<String> prefix, List<String[]> into) {
        command.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            into.add(path.toArray(String[]::new));
            collect(sub, path, into);
        });
    }

    private static String[] append(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
