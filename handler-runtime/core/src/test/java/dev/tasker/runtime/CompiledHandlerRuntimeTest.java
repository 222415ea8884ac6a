package dev.tasker.runtime;

/** {@link HandlerRuntimeContractTest} with modules compiled by Chicory's runtime compiler. */
class CompiledHandlerRuntimeTest extends HandlerRuntimeContractTest {

    @Override
    boolean compile() {
        return true;
    }

    @Override
    ExecutionMode expectedMode() {
        return ExecutionMode.COMPILED;
    }
}
