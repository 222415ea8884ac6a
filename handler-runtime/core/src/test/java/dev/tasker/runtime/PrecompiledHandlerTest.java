package dev.tasker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.wasm.Parser;
import dev.tasker.runtime.LoadedHandler.CodeSource;
import dev.tasker.runtime.contract.ErrorTypes;
import dev.tasker.runtime.contract.StepResult;
import org.junit.jupiter.api.Test;

/**
 * {@link HandlerRuntime#load(byte[], CompiledModule)}: handlers whose classes were compiled ahead of
 * time. Chicory's build-time plugin and its runtime compiler produce the same {@link CompiledModule}
 * contract; these tests use the runtime compiler's output so they run in the default build (the
 * {@code -Pbench} profile exercises plugin-generated classes).
 */
class PrecompiledHandlerTest {

    @Test
    void runsPrecompiledClassesWithoutCompilingAtLoad() throws Exception {
        byte[] echo = Fixtures.wasm("echo");
        CompiledModule precompiled = (CompiledModule) MachineFactoryCompiler.compile(Parser.parse(echo));
        try (HandlerRuntime runtime = new HandlerRuntime(RuntimeConfig.defaults())) {
            LoadedHandler handler = runtime.load(echo, precompiled);

            assertThat(handler.mode()).isEqualTo(ExecutionMode.BUILD_TIME_COMPILED);
            assertThat(handler.codeSource()).isEqualTo(CodeSource.BUILD_TIME);
            assertThat(handler.module().module()).isSameAs(precompiled.wasmModule());
            assertThat(runtime.load(echo, precompiled)).isSameAs(handler);
            assertThat(runtime.load(echo)).isNotSameAs(handler).extracting(LoadedHandler::mode).isEqualTo(ExecutionMode.COMPILED);

            ExecutionOutcome outcome = runtime.execute(handler, Fixtures.invocation(20), null);

            assertThat(((StepResult.Success) outcome.result()).result().get("n_plus_one").asLong()).isEqualTo(21);
            assertThat(outcome.mode()).isEqualTo(ExecutionMode.BUILD_TIME_COMPILED);
            assertThat(outcome.result().metadata().get(ErrorTypes.META_EXECUTION_MODE).asText()).isEqualTo("build_time_compiled");
        }
    }

    @Test
    void rejectsClassesGeneratedFromAnotherModule() {
        CompiledModule other = (CompiledModule) MachineFactoryCompiler.compile(Parser.parse(Fixtures.wasm("trap")));
        try (HandlerRuntime runtime = new HandlerRuntime(RuntimeConfig.defaults())) {
            assertThatThrownBy(() -> runtime.load(Fixtures.wasm("echo"), other))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("was not generated from the module sha256:");
        }
    }
}
