package dev.tasker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.client.ApiException;
import dev.tasker.cli.client.OrchestratorClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The versions of one handler as the orchestrator lists them ({@code GET /v1/handlers/{name}/versions}:
 * {@code [{digest, size_bytes, created_at, live, limits:{memory_mb, timeout_ms}}]}, newest first), with the numbering
 * the CLI shows:
 * version 1 is the oldest upload, version N the newest.
 */
final class HandlerVersions {

    private final String name;
    private final JsonNode json;
    private final List<JsonNode> newestFirst;

    private HandlerVersions(String name, JsonNode versions) {
        this.name = name;
        this.json = versions;
        this.newestFirst = new ArrayList<>();
        versions.forEach(newestFirst::add);
    }

    /** @return the versions of {@code name}; a 404 propagates as an {@link ApiException} */
    static HandlerVersions fetch(OrchestratorClient client, String name) {
        return new HandlerVersions(name, client.handlerVersions(name));
    }

    /** @return the versions of {@code name}, or empty when the orchestrator does not know the handler */
    static Optional<HandlerVersions> fetchIfExists(OrchestratorClient client, String name) {
        try {
            return Optional.of(fetch(client, name));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** @return the versions as the orchestrator sent them */
    JsonNode json() {
        return json;
    }

    /** @return the versions, newest first */
    List<JsonNode> newestFirst() {
        return newestFirst;
    }

    /** @return how many versions are stored */
    int count() {
        return newestFirst.size();
    }

    /** @return the live version's digest, or null when none is live */
    String liveDigest() {
        return newestFirst.stream().filter(v -> v.path("live").asBoolean()).map(v -> v.path("digest").asText())
                .findFirst().orElse(null);
    }

    /** @return the version number of {@code digest} (1 = oldest), or 0 when it is not stored */
    int number(String digest) {
        for (int i = 0; i < newestFirst.size(); i++) {
            if (newestFirst.get(i).path("digest").asText().equals(digest)) {
                return newestFirst.size() - i;
            }
        }
        return 0;
    }

    /**
     * @return the digest of the version uploaded just before the live one
     * @throws CliException {@link ExitCode#CONFLICT} when nothing is live or the live version is the oldest
     */
    String previousOfLive() {
        String live = liveDigest();
        if (live == null) {
            throw new CliException(ExitCode.CONFLICT, "handler " + name
                    + " has no live version: pick one with --to <digest> (see ./tasker handlers versions " + name + ")");
        }
        int index = newestFirst.size() - number(live);
        if (index + 1 >= newestFirst.size()) {
            throw new CliException(ExitCode.CONFLICT, "handler " + name + " has no version older than the live one ("
                    + live + "): pick one with --to <digest> (see ./tasker handlers versions " + name + ")");
        }
        return newestFirst.get(index + 1).path("digest").asText();
    }

    /**
     * Finds a version by digest or digest prefix, with or without {@code sha256:}.
     *
     * @return the full digest
     * @throws CliException {@link ExitCode#NOT_FOUND} when no version matches, {@link ExitCode#USAGE} when several do
     */
    String resolve(String digestOrPrefix) {
        String prefix = digestOrPrefix.startsWith("sha256:") ? digestOrPrefix : "sha256:" + digestOrPrefix;
        List<String> matches = newestFirst.stream().map(v -> v.path("digest").asText())
                .filter(d -> d.startsWith(prefix)).toList();
        if (matches.isEmpty()) {
            throw new CliException(ExitCode.NOT_FOUND, "handler " + name + " has no version with digest " + digestOrPrefix
                    + ": see ./tasker handlers versions " + name);
        }
        if (matches.size() > 1) {
            throw new CliException(ExitCode.USAGE, "digest prefix " + digestOrPrefix + " matches " + matches.size()
                    + " versions of " + name + ": give more digits");
        }
        return matches.get(0);
    }
}
