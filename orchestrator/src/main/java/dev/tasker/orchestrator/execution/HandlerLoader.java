package dev.tasker.orchestrator.execution;

import dev.tasker.orchestrator.registry.HandlerRegistry;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.module.ModuleValidationException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads handler modules by pinned digest from the registry into the {@link HandlerRuntime}, once per digest per
 * process (the runtime compiles once per digest; this avoids re-reading the bytes from PostgreSQL).
 */
@ApplicationScoped
public class HandlerLoader {

    private final HandlerRegistry registry;
    private final HandlerRuntime runtime;
    private final Map<String, LoadedHandler> loaded = new ConcurrentHashMap<>();

    public HandlerLoader(HandlerRegistry registry, HandlerRuntime runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    /**
     * @param digest {@code sha256:<hex>} pinned on the workflow step
     * @return the loaded handler, or empty when no module with that digest is stored
     * @throws ModuleValidationException when the stored bytes no longer validate (e.g. limits were lowered)
     */
    public Optional<LoadedHandler> load(String digest) throws ModuleValidationException {
        LoadedHandler handler = loaded.get(digest);
        if (handler != null) {
            return Optional.of(handler);
        }
        Optional<byte[]> bytes = registry.moduleBytes(digest);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        handler = runtime.load(bytes.get());
        loaded.put(digest, handler);
        return Optional.of(handler);
    }
}
