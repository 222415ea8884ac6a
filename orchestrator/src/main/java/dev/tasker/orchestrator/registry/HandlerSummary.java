package dev.tasker.orchestrator.registry;

import java.time.OffsetDateTime;

/**
 * A handler name in the registry.
 *
 * @param name         handler name
 * @param liveDigest   digest of the live version, or {@code null} when none is live
 * @param versionCount number of stored versions
 * @param updatedAt    when a version was last uploaded or activated
 * @param liveLimits   the live version's limits ({@code {memory_mb, timeout_ms}}), or {@code null} when none is live
 */
public record HandlerSummary(String name, String liveDigest, int versionCount, OffsetDateTime updatedAt,
                             HandlerLimits liveLimits) {
}
