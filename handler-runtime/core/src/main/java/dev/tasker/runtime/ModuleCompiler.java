package dev.tasker.runtime;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import dev.tasker.runtime.LoadedHandler.CodeSource;
import dev.tasker.runtime.module.ValidatedModule;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Turns a validated module into a {@link LoadedHandler}: compiles it with Chicory's runtime compiler
 * ({@link MachineFactoryCompiler}), reusing the on-disk {@link DiskCompileCache} when configured, and
 * falls back to the interpreter (logged at WARNING) only when compilation fails. Thread-safe.
 */
final class ModuleCompiler {

    private static final System.Logger LOG = System.getLogger(ModuleCompiler.class.getName());

    private final boolean compile;
    private final DiskCompileCache diskCache;

    /**
     * @param compile false to always interpret
     * @param cacheDir on-disk cache root, or null for none
     */
    ModuleCompiler(boolean compile, Path cacheDir) {
        this.compile = compile;
        this.diskCache = compile && cacheDir != null ? new DiskCompileCache(cacheDir) : null;
    }

    /**
     * @param module a validated module
     * @return the handler, compiled unless compilation is off or fails
     */
    LoadedHandler prepare(ValidatedModule module) {
        if (!compile) {
            return interpreted(module);
        }
        RecordingCache cache = diskCache == null ? null : new RecordingCache(diskCache);
        try {
            return compiled(module, cache);
        } catch (RuntimeException | LinkageError e) {
            if (cache != null && cache.hit) {
                LOG.log(System.Logger.Level.WARNING, "cached compiled code for {0} is unusable ({1}); recompiling",
                        module.digest(), e.toString());
                diskCache.evict(cache.key);
                try {
                    return compiled(module, new RecordingCache(diskCache));
                } catch (RuntimeException | LinkageError retry) {
                    return fallBack(module, retry);
                }
            }
            return fallBack(module, e);
        }
    }

    private static LoadedHandler compiled(ValidatedModule module, RecordingCache cache) {
        MachineFactoryCompiler.Builder builder = MachineFactoryCompiler.builder(module.module());
        if (cache != null) {
            builder.withCache(cache);
        }
        Function<Instance, Machine> factory = builder.compile();
        CodeSource source = cache != null && cache.hit ? CodeSource.DISK_CACHE : CodeSource.COMPILED_NOW;
        return new LoadedHandler(module.digest(), ExecutionMode.COMPILED, source, module, factory);
    }

    private static LoadedHandler fallBack(ValidatedModule module, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, "compiling " + module.digest()
                + " failed; running it in the interpreter (execution_mode: interpreted)", cause);
        return interpreted(module);
    }

    private static LoadedHandler interpreted(ValidatedModule module) {
        return new LoadedHandler(module.digest(), ExecutionMode.INTERPRETED, CodeSource.NOT_COMPILED, module, null);
    }

    /** Adapts {@link DiskCompileCache} to Chicory's cache SPI for one compilation, noting hits. */
    private static final class RecordingCache implements Cache {

        private final DiskCompileCache disk;
        private volatile boolean hit;
        private volatile String key;

        RecordingCache(DiskCompileCache disk) {
            this.disk = disk;
        }

        @Override
        public byte[] get(String chicoryKey) {
            key = chicoryKey;
            byte[] payload = disk.read(chicoryKey);
            hit = payload != null;
            return payload;
        }

        @Override
        public void putIfAbsent(String chicoryKey, byte[] payload) {
            key = chicoryKey;
            disk.write(chicoryKey, payload);
        }
    }
}
