package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.Json;
import dev.tasker.cli.client.ApiResponse;
import dev.tasker.cli.client.OrchestratorClient;
import dev.tasker.cli.local.ModuleFiles;
import dev.tasker.cli.options.JsonInput;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.module.ModuleValidationException;
import dev.tasker.runtime.module.ModuleValidator;
import dev.tasker.runtime.module.ValidatedModule;

import java.nio.file.Path;

/**
 * Deploys one module file as a handler version, for {@code tasker deploy} and {@code tasker demo}: validates it
 * locally with {@link ModuleValidator} under the given limits (a broken module never reaches the orchestrator),
 * uploads it with {@code activate=true} and the limits to store with the version, and reads back the version list to
 * number the version. Uploading bytes already stored under the name keeps that version's stored limits; asking for
 * other limits than stored is refused by the orchestrator (409, an {@link dev.tasker.cli.client.ApiException}).
 */
final class HandlerDeployer {

    /**
     * What a deployment did.
     *
     * @param name      handler name
     * @param digest    {@code sha256:<hex>} of the module
     * @param sizeBytes module size in bytes
     * @param version   version number (1 = oldest upload of this handler)
     * @param versions  how many versions the handler has now
     * @param live      whether this version is live now
     * @param created   true when the orchestrator stored new bytes; false when it already had them
     * @param changed   true when anything changed (new bytes, or an older version made live again)
     * @param limits    the limits stored with the version as the orchestrator echoes them ({@code {memory_mb,
     *                  timeout_ms}}, a null member meaning the orchestrator's default), or null when the orchestrator
     *                  does not keep per-handler limits
     */
    record Deployment(String name, String digest, long sizeBytes, int version, int versions, boolean live,
                      boolean created, boolean changed, JsonNode limits) {

        /** @return {@code {name, digest, size_bytes, version, live, created, changed, limits}} */
        ObjectNode toJson() {
            ObjectNode json = Json.object().put("name", name).put("digest", digest).put("size_bytes", sizeBytes)
                    .put("version", version).put("live", live).put("created", created).put("changed", changed);
            json.set("limits", limits);
            return json;
        }
    }

    private HandlerDeployer() {
    }

    /**
     * @param client    the orchestrator
     * @param file      the module file
     * @param name      handler name (already checked against the naming rule)
     * @param limits    limits to validate against
     * @param memoryMb  memory limit to store with the version ({@code memory_mb}), or null
     * @param timeoutMs time limit to store with the version ({@code timeout_ms}), or null
     * @throws dev.tasker.cli.CliException exit 5 when the file is missing or not a valid module; API errors as
     *                                     {@link dev.tasker.cli.client.ApiException}
     */
    static Deployment deploy(OrchestratorClient client, Path file, String name, RuntimeLimits limits,
                             Long memoryMb, Long timeoutMs) {
        byte[] bytes = JsonInput.readBytes(file, "module");
        ValidatedModule module;
        try {
            module = new ModuleValidator(limits).validate(bytes);
        } catch (ModuleValidationException e) {
            throw ModuleFiles.invalid(file, e);
        }
        String previousLive = HandlerVersions.fetchIfExists(client, name).map(HandlerVersions::liveDigest).orElse(null);
        ApiResponse upload = client.uploadHandler(name, bytes, memoryMb, timeoutMs);
        boolean created = upload.body().path("created").asBoolean(upload.status() == 201);
        HandlerVersions versions = HandlerVersions.fetch(client, name);
        boolean live = module.digest().equals(versions.liveDigest());
        JsonNode stored = upload.body().path("limits").isObject() ? upload.body().get("limits") : null;
        return new Deployment(name, module.digest(), bytes.length, versions.number(module.digest()), versions.count(),
                live, created, created || !module.digest().equals(previousLive), stored);
    }
}
