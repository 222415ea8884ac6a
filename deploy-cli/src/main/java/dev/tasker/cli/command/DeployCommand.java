package dev.tasker.cli.command;

import dev.tasker.cli.ExitCode;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.options.HandlerLimitOptions;
import dev.tasker.cli.output.Formats;
import dev.tasker.runtime.RuntimeLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code tasker deploy <file.wasm> --name <handler>}: validates the module locally with the handler
 * runtime's validator (a broken module is refused before upload), uploads it
 * ({@code POST /v1/handlers/{name}/versions?activate=true&memory_mb=&timeout_ms=}) and makes it the live version.
 * {@code --memory} / {@code --timeout} are stored with the version and printed back as the orchestrator stored them.
 * Deploying bytes that are already live is a no-op, and the output says so; a version's limits never change (asking
 * for other limits than stored fails with the orchestrator's 409, exit code 6).
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate a WASM step handler locally, upload it and make it the live version of a handler.",
                "Deploying the same bytes again changes nothing (modules are stored by their sha256 digest)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./tasker deploy target/order_validate.wasm --name order_validate",
                "  ./tasker deploy build/resize.wasm --name image_resize --memory 8 --timeout 10s",
                "  ./tasker deploy h.wasm --name h --output json | jq -r .digest"})
public final class DeployCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "<file.wasm>", description = "The compiled module (WASI preview1 command).")
    private Path file;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "<handler>",
            description = "Handler name (^[a-z][a-z0-9_-]{0,62}$), as named by templates' handler.callable.")
    private String name;

    @Mixin
    private HandlerLimitOptions limits;

    @Override
    protected ExitCode run(OrchestratorClient client) {
        HandlerNames.check(spec(), name);
        HandlerDeployer.Deployment deployment = HandlerDeployer.deploy(client, file, name,
                limits.applyTo(RuntimeLimits.defaults()), limits.memoryMb(), limits.timeoutMs());
        if (json()) {
            printJson(deployment.toJson());
            return ExitCode.OK;
        }
        String headline;
        if (deployment.created()) {
            headline = "Deployed " + name + " version " + deployment.version() + (deployment.live() ? " (live)." : ".");
        } else if (deployment.changed()) {
            headline = "Already uploaded: " + name + " version " + deployment.version() + " has the same bytes; made it live again.";
        } else {
            headline = "No change: " + name + " version " + deployment.version() + " has the same bytes and is already live.";
        }
        out().println(headline);
        out().println("  digest   " + deployment.digest());
        out().println("  size     " + Formats.bytes(deployment.sizeBytes()) + " (" + deployment.sizeBytes() + " bytes)");
        out().println("  version  " + deployment.version() + " of " + deployment.versions());
        if (deployment.limits() != null) {
            out().println("  limits   " + Formats.handlerLimits(deployment.limits()));
        } else if (limits.memoryMb() != null || limits.timeoutMs() != null) {
            out().println("  limits   checked locally only: this orchestrator does not store per-handler limits, so its"
                    + " defaults and the steps' timeout_seconds apply");
        }
        out().flush();
        return ExitCode.OK;
    }
}
