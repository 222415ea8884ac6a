package dev.tasker.orchestrator.task;

import java.util.List;

/** A template names handlers (or pinned handler versions) that are not deployed or have no live version. */
public class UndeployedHandlersException extends RuntimeException {

    private final transient List<String> callables;

    public UndeployedHandlersException(String templateKey, List<String> callables) {
        super("template " + templateKey + " uses handlers that are not deployed (or have no live version): "
                + String.join(", ", callables) + "; deploy them first (tasker deploy <module.wasm> --name <handler>)");
        this.callables = List.copyOf(callables);
    }

    /** @return the {@code handler.callable} values that did not resolve */
    public List<String> callables() {
        return callables;
    }
}
