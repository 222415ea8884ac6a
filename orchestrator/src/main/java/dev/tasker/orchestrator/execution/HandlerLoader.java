package dev.tasker.orchestrator.execution;

import dev.tasker.orchestrator.registry.HandlerLimits;
import dev.tasker.orchestrator.registry.HandlerRegistry;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.module.ModuleValidationException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads pinned handler versions (name, digest) from the registry into the {@link HandlerRuntime}, with the limits
 * stored with the version, once per version per process: one database read of bytes and limits on first use, none
 * afterwards (versions are immutable, limits included, so the cache never goes stale; the runtime compiles once per
 * digest).
 */
@ApplicationScoped
public class HandlerLoader {

    private final HandlerRegistry registry;
    private final HandlerRuntime runtime;
    private final Map<String, LoadedVersion> loaded = new ConcurrentHashMap<>();

    public HandlerLoader(HandlerRegistry registry, HandlerRuntime runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    /**
     * A handler version ready to run.
     *
     * @param handler the loaded module
     * @param limits  the limits stored with the version
     */
    public record LoadedVersion(LoadedHandler handler, HandlerLimits limits) {
    }

    /**
     * @param name   handler name pinned on the workflow step
     * @param digest {@code sha256:<hex>} pinned on the workflow step
     * @return the loaded version, or empty when {@code digest} is not a stored version of {@code name}
     * @throws ModuleValidationException when the stored bytes no longer validate (e.g. limits were lowered)
     */
    public Optional<LoadedVersion> load(String name, String digest) throws ModuleValidationException {
        String key = name + '@' + digest;
        LoadedVersion version = loaded.get(key);
        if (version != null) {
            return Optional.of(version);
        }
        Optional<HandlerRegistry.VersionModule> stored = registry.versionModule(name, digest);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        version = new LoadedVersion(runtime.load(stored.get().bytes()), stored.get().limits());
        loaded.put(key, version);
        return Optional.of(version);
    }
}
