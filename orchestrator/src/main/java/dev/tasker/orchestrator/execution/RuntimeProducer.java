package dev.tasker.orchestrator.execution;

import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.RuntimeConfig;
import dev.tasker.runtime.RuntimeLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the handler-runtime objects from {@code tasker.runtime.*} and {@code tasker.dispatcher.concurrency}. */
@ApplicationScoped
public class RuntimeProducer {

    /** @return default limits for loading and running handlers */
    @Produces
    @Singleton
    RuntimeLimits limits(TaskerConfig config) {
        TaskerConfig.Runtime r = config.runtime();
        return new RuntimeLimits(r.maxModuleBytes(), r.maxMemoryPages(), r.defaultTimeout(), r.maxStdoutBytes(),
                r.maxStderrBytes());
    }

    /** @return the in-process runtime, with one guest thread per dispatcher slot */
    @Produces
    @Singleton
    HandlerRuntime runtime(TaskerConfig config, RuntimeLimits limits) {
        return new HandlerRuntime(new RuntimeConfig(limits, config.dispatcher().concurrency(),
                config.runtime().compileCacheDir().orElse(null), config.runtime().compile()));
    }

    void close(@Disposes HandlerRuntime runtime) {
        runtime.close();
    }
}
