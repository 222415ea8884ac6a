package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;
import dev.tasker.cli.client.ApiResponse;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.local.ModuleFiles;
import dev.tasker.cli.options.HandlerLimitOptions;
import dev.tasker.cli.options.JsonInput;
import dev.tasker.cli.output.Formats;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.module.ModuleValidationException;
import dev.tasker.runtime.module.ModuleValidator;
import dev.tasker.runtime.module.ValidatedModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code tasker deploy <file.wasm> --name <handler>}: validates the module locally with the handler
 * runtime's {@link ModuleValidator} (a broken module is refused before upload), uploads it
 * ({@code POST /v1/handlers/{name}/versions?activate=true}) and makes it the live version.
 * Uploading bytes that are already stored is a no-op the output says so.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate a WASM step handler locally, upload it and make it the live version of a handler.",
                "Deploying the same bytes again changes nothing (the module is stored by its sha256 digest)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./tasker deploy target/order_validate.wasm --name order_validate",
                "  ./tasker deploy build/resize.wasm --name image_resize --memory 64 --timeout 10s",
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
        byte[] bytes = JsonInput.readBytes(file, "<file.wasm>");
        ValidatedModule module;
        try {
            module = new ModuleValidator(limits.applyTo(RuntimeLimits.defaults())).validate(bytes);
        } catch (ModuleValidationException e) {
            throw ModuleFiles.invalid(file, e);
        }
        String previousLive = HandlerVersions.fetchIfExists(client, name).map(HandlerVersions::liveDigest).orElse(null);
        ApiResponse upload = client.uploadHandler(name, bytes, limits.memoryMb(), limits.timeoutMs());
        boolean created = upload.body().path("created").asBoolean(upload.status() == 201);
        HandlerVersions versions = HandlerVersions.fetch(client, name);
        int version = versions.number(module.digest());
        boolean live = module.digest().equals(versions.liveDigest());

        ObjectNode summary = Json.object()
                .put("name", name)
                .put("digest", module.digest())
                .put("size_bytes", bytes.length)
                .put("version", version)
                .put("live", live)
                .put("created", created)
                .put("changed", created || !module.digest().equals(previousLive));
        if (json()) {
            printJson(summary);
            return ExitCode.OK;
        }
        String headline;
        if (created) {
            headline = "Deployed " + name + " version " + version + (live ? " (live)." : ".");
        } else if (summary.get("changed").asBoolean()) {
            headline = "Already uploaded: " + name + " version " + version + " has the same bytes; made it live again.";
        } else {
            headline = "No change: " + name + " version " + version + " has the same bytes and is already live.";
        }
        out().println(headline);
        out().println("  digest   " + module.digest());
        out().println("  size     " + Formats.bytes(bytes.length) + " (" + bytes.length + " bytes)");
        out().println("  version  " + version + " of " + versions.count());
        if (limits.memoryMb() != null || limits.timeoutMs() != null) {
            out().println("  limits   " + describeLimits());
        }
        out().flush();
        return ExitCode.OK;
    }

    private String describeLimits() {
        StringBuilder text = new StringBuilder();
        if (limits.memoryMb() != null) {
            text.append("memory ").append(limits.memoryMb()).append(" MiB");
        }
        if (limits.timeoutMs() != null) {
            text.append(text.isEmpty() ? "" : ", ").append("timeout ").append(Formats.millis(limits.timeoutMs()));
        }
        return text.toString();
    }
}
