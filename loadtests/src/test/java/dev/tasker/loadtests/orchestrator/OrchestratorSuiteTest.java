package dev.tasker.loadtests.orchestrator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The throughput target is judged on the median of the runs. */
class OrchestratorSuiteTest {

    @Test
    void theMedianIsTheMiddleRunOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(OrchestratorSuite.median(List.of(486.0))).isEqualTo(486.0);
        assertThat(OrchestratorSuite.median(List.of(420.0, 314.0, 486.0))).isEqualTo(420.0);
        assertThat(OrchestratorSuite.median(List.of(500.0, 400.0, 300.0, 600.0))).isEqualTo(450.0);
    }
}
