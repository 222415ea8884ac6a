package dev.tasker.orchestrator.registry;

import java.time.OffsetDateTime;

/**
 * One stored version of a handler: a module digest registered under a handler name.
 *
 * @param name      handler name ({@code ^[a-z][a-z0-9_-]{0,62}$})
 * @param digest    {@code sha256:<64 hex>} of the module bytes
 * @param sizeBytes module size in bytes
 * @param createdAt when this version was first uploaded under this name
 * @param live      whether it is the version plain {@code name} callables resolve to
 * @param limits    the resource limits stored with it ({@link HandlerLimits#NONE} when it has none of its own)
 */
public record HandlerVersion(String name, String digest, long sizeBytes, OffsetDateTime createdAt, boolean live,
                             HandlerLimits limits) {
}
