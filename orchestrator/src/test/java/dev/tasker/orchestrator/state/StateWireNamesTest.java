package dev.tasker.orchestrator.state;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wire names of both state machines (DESIGN §3 lists them) and their lookup. */
class StateWireNamesTest {

    @Test
    void stepStatesUseTheDesignNamesAndRoundTrip() {
        assertThat(Arrays.stream(StepState.values()).map(StepState::wireName)).containsExactly(
                "pending", "enqueued", "in_progress", "enqueued_for_orchestration", "enqueued_as_error_for_orchestration",
                "waiting_for_retry", "complete", "error", "cancelled", "resolved_manually");
        for (StepState state : StepState.values()) {
            assertThat(StepState.fromWire(state.wireName())).isSameAs(state);
        }
    }

    @Test
    void taskStatesUseTheDesignNamesAndRoundTrip() {
        assertThat(Arrays.stream(TaskState.values()).map(TaskState::wireName)).containsExactly(
                "pending", "initializing", "enqueuing_steps", "steps_in_process", "evaluating_results",
                "waiting_for_dependencies", "waiting_for_retry", "blocked_by_failures", "complete", "error", "cancelled",
                "resolved_manually");
        for (TaskState state : TaskState.values()) {
            assertThat(TaskState.fromWire(state.wireName())).isSameAs(state);
        }
    }

    @Test
    void unknownNamesAreRejectedNamingTheMachine() {
        assertThatThrownBy(() -> StepState.fromWire("IN_PROGRESS"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown workflow step state 'IN_PROGRESS'");
        assertThatThrownBy(() -> TaskState.fromWire("sleeping"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown task state 'sleeping'");
    }
}
