package dev.tasker.lambda;

import com.dylibso.chicory.runtime.CompiledModule;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.module.ModuleValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;

/**
 * Finds and loads the one handler module the function hosts, in this order:
 * <ol>
 *   <li>{@code TASKER_HANDLER_MODULE} set: that {@code .wasm} file, compiled at init by the runtime
 *       compiler ({@code execution_mode: compiled}; {@code interpreted} with {@code TASKER_COMPILE=false});</li>
 *   <li>else the packaged module, class path resource {@value #MODULE_RESOURCE}, run by the classes the
 *       build generated from it with Chicory's build-time compiler ({@value #BUILD_TIME_CLASS}, a
 *       {@link CompiledModule}; {@code execution_mode: build_time_compiled});</li>
 *   <li>else (no generated classes, or {@code TASKER_COMPILE=false}) the packaged module through the
 *       runtime compiler or interpreter, as in 1.</li>
 * </ol>
 * Every module is validated by the handler-runtime ({@link HandlerRuntime#load(byte[])},
 * {@link HandlerRuntime#load(byte[], CompiledModule)}) against the configured limits.
 */
final class HostedModule {

    /** Class path resource holding the packaged module (the function jar's {@code tasker/handler.wasm}). */
    static final String MODULE_RESOURCE = "tasker/handler.wasm";
    /** Class generated from the packaged module by the chicory-compiler-maven-plugin (see the pom). */
    static final String BUILD_TIME_CLASS = "dev.tasker.lambda.packaged.PackagedHandler";

    private HostedModule() {
    }

    /**
     * Loads the hosted module.
     *
     * @param config  the function configuration
     * @param runtime the runtime that will execute it
     * @return the handler, ready to execute
     * @throws FunctionInitException when the module is missing, unreadable, or not a valid handler
     *     (the message names the file or resource and the validation reason)
     */
    static LoadedHandler load(FunctionConfig config, HandlerRuntime runtime) {
        if (config.modulePath() != null) {
            String source = "TASKER_HANDLER_MODULE=" + config.modulePath();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(config.modulePath());
            } catch (IOException e) {
                throw new FunctionInitException(source + ": cannot read the handler module (" + e + ")", e);
            }
            return loadWithRuntime(runtime, bytes, source);
        }
        byte[] bytes = packagedModule();
        CompiledModule buildTimeCompiled = config.compile() ? buildTimeCompiled() : null;
        if (buildTimeCompiled == null) {
            return loadWithRuntime(runtime, bytes, MODULE_RESOURCE);
        }
        try {
            return runtime.load(bytes, buildTimeCompiled);
        } catch (ModuleValidationException e) {
            throw invalid(MODULE_RESOURCE, e);
        } catch (IllegalArgumentException e) {
            throw new FunctionInitException(MODULE_RESOURCE + " and the build-time compiled classes " + BUILD_TIME_CLASS
                    + " come from different modules: " + e.getMessage(), e);
        }
    }

    private static LoadedHandler loadWithRuntime(HandlerRuntime runtime, byte[] bytes, String source) {
        try {
            return runtime.load(bytes);
        } catch (ModuleValidationException e) {
            throw invalid(source, e);
        }
    }

    private static FunctionInitException invalid(String source, ModuleValidationException e) {
        return new FunctionInitException(source + ": not a valid Tasker handler module (" + e.reason() + "): "
                + e.getMessage(), e);
    }

    private static byte[] packagedModule() {
        try (InputStream in = HostedModule.class.getClassLoader().getResourceAsStream(MODULE_RESOURCE)) {
            if (in == null) {
                throw new FunctionInitException("no handler module: " + MODULE_RESOURCE
                        + " is not on the class path and TASKER_HANDLER_MODULE is not set");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new FunctionInitException("cannot read the packaged handler module " + MODULE_RESOURCE, e);
        }
    }

    /** The build-time compiled module, or null when the build generated none. */
    private static CompiledModule buildTimeCompiled() {
        Class<?> generated;
        try {
            generated = Class.forName(BUILD_TIME_CLASS, true, HostedModule.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        try {
            return (CompiledModule) generated.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new FunctionInitException(BUILD_TIME_CLASS + " is not a usable build-time compiled module", cause);
        }
    }
}
