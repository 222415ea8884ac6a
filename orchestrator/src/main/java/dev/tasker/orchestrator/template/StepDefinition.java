package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One workflow step of a {@link TaskTemplate}.
 *
 * @param name            step name, unique within the template ({@code ^[a-z][a-z0-9_]{0,127}$})
 * @param description     human description, may be empty
 * @param handler         the WASM handler to run and its step configuration
 * @param dependencies    names of direct parent steps ({@code dependencies} or its alias {@code depends_on})
 * @param type            step type, default {@link StepType#STANDARD}
 * @param retry           retry policy, defaults applied
 * @param timeoutSeconds  wall-clock limit for one attempt of the handler in seconds, or {@code null} for
 *                        the runtime default
 * @param publishesEvents names of domain events the step declares it may publish (may be empty)
 * @param batchConfig     the raw {@code batch_config} map for {@code batchable} steps, or {@code null}
 */
public record StepDefinition(
        String name,
        String description,
        HandlerSpec handler,
        List<String> dependencies,
        StepType type,
        RetryPolicy retry,
        Integer timeoutSeconds,
        List<String> publishesEvents,
        JsonNode batchConfig) {

    public StepDefinition {
        dependencies = List.copyOf(dependencies);
        publishesEvents = List.copyOf(publishesEvents);
    }
}
