package dev.tasker.runtime;

/** {@link HandlerRuntimeContractTest} with modules run by Chicory's interpreter. */
class InterpretedHandlerRuntimeTest extends HandlerRuntimeContractTest {

    @Override
    boolean compile() {
        return false;
    }

    @Override
    ExecutionMode expectedMode() {
        return ExecutionMode.INTERPRETED;
    }
}
