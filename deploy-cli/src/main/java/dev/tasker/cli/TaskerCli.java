package dev.tasker.cli;

import dev.tasker.cli.client.ApiException;
import dev.tasker.cli.command.DemoCommand;
import dev.tasker.cli.command.DeployCommand;
import dev.tasker.cli.command.HandlersCommand;
import dev.tasker.cli.command.InvokeCommand;
import dev.tasker.cli.command.ServerCommand;
import dev.tasker.cli.command.StepsCommand;
import dev.tasker.cli.command.TasksCommand;
import dev.tasker.cli.command.TemplatesCommand;
import dev.tasker.cli.output.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code tasker} command: entry point and the one place that configures picocli (exit codes, error
 * printing, help sections). Subcommands live in {@code dev.tasker.cli.command}. See {@code docs/cli.md}.
 */
@Command(name = "tasker", mixinStandardHelpOptions = true, versionProvider = TaskerCli.Version.class,
        description = "Deploy WebAssembly step handlers, try them locally, apply task templates and run tasks "
                + "on a Tasker orchestrator.",
        subcommands = {
                DemoCommand.class, ServerCommand.class, DeployCommand.class, HandlersCommand.class,
                InvokeCommand.class, TemplatesCommand.class, TasksCommand.class, StepsCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./tasker demo          # start, deploy and run the example workflow",
                "  ./tasker server        # start an orchestrator on an embedded PostgreSQL",
                "  ./tasker deploy order_validate.wasm --name order_validate",
                "  ./tasker invoke order_validate.wasm --context '{\"items\":[]}'",
                "  ./tasker tasks create ecommerce/order_fulfillment --context @order.json --wait",
                "",
                "Environment: TASKER_SERVER sets the default --server (http://localhost:8080)."})
public final class TaskerCli implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** {@code tasker} without a command: prints the usage (commands, examples, exit codes) and exits with 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE.code();
    }

    /** Process entry point: runs the command line and exits with its {@link ExitCode}. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * @return a fully configured {@link CommandLine} for {@code tasker}: case-insensitive enum values, the exit
     *         code list in every command's help, {@link CliException}s printed as {@code error: <message>} with
     *         their exit code, and usage errors printed with a pointer to {@code --help}
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TaskerCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExpandAtFiles(false); // @file is the CLI's own "read this JSON file" syntax (--context @order.json)
        cli.setUsageHelpWidth(Math.clamp(Terminal.detect().columns(), 80, 120));
        cli.setExecutionExceptionHandler(TaskerCli::handleExecutionException);
        cli.setParameterExceptionHandler(TaskerCli::handleParameterException);
        Map<String, String> exitCodes = new LinkedHashMap<>();
        Arrays.stream(ExitCode.values()).forEach(c -> exitCodes.put(String.valueOf(c.code()), c.description()));
        applyToAll(cli, exitCodes);
        return cli;
    }

    private static void applyToAll(CommandLine command, Map<String, String> exitCodes) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        command.getSubcommands().values().forEach(sub -> applyToAll(sub, exitCodes));
    }

    private static int handleExecutionException(Exception ex, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (ex instanceof CliException failure) {
            err.println("error: " + failure.getMessage());
            if (failure instanceof ApiException api) {
                ProblemErrors.lines(api.problem(), null).forEach(line -> err.println("  " + line));
            }
            err.flush();
            return failure.exitCode().code();
        }
        err.println("error: unexpected failure: " + ex);
        ex.printStackTrace(err);
        err.flush();
        return ExitCode.INTERNAL_ERROR.code();
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** {@code --version}: the CLI jar's Implementation-Version (set by the build). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TaskerCli.class.getPackage().getImplementationVersion();
            return new String[] {"tasker " + (version == null ? "(development build)" : version)};
        }
    }
}
