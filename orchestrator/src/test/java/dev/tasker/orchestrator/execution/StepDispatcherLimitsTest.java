package dev.tasker.orchestrator.execution;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatcher's two limits are checked at start-up, with an error naming both keys and their values. */
class StepDispatcherLimitsTest {

    @Test
    void roomForUnrecordedOutcomesBelowTheExecutionSlotsIsRejected() {
        assertThatThrownBy(() -> StepDispatcher.checkLimits(8, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tasker.dispatcher.concurrency (8) must be at least 1 and tasker.dispatcher.max-unrecorded (4)"
                        + " at least tasker.dispatcher.concurrency");
        assertThatThrownBy(() -> StepDispatcher.checkLimits(0, 64)).hasMessageContaining("concurrency (0)");
    }

    @Test
    void equalLimitsAndTheDefaultsAreAccepted() {
        assertThatCode(() -> StepDispatcher.checkLimits(8, 8)).doesNotThrowAnyException();
        assertThatCode(() -> StepDispatcher.checkLimits(8, 64)).doesNotThrowAnyException();
    }
}
