package dev.tasker.orchestrator.registry;

import dev.tasker.runtime.RuntimeLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing, precedence and the immutability check of per-version limits (the API and workflow tests cover the rest). */
class HandlerLimitsTest {

    private static final RuntimeLimits ORCHESTRATOR = RuntimeLimits.defaults(); // 256 pages, 30 s

    @Test
    void parsesWholeMibIntoPagesAndLeavesOmittedLimitsToTheOrchestrator() {
        HandlerLimits limits = HandlerLimits.parse("4", " 1500 ", ORCHESTRATOR);
        assertThat(limits.maxMemoryPages()).isEqualTo(64);
        assertThat(limits.memoryMb()).isEqualTo(4);
        assertThat(limits.timeoutMs()).isEqualTo(1500);
        assertThat(HandlerLimits.parse(null, "", ORCHESTRATOR)).isEqualTo(HandlerLimits.NONE);
        assertThat(HandlerLimits.parse("16", "3600000", ORCHESTRATOR).memoryMb()).isEqualTo(16);
        assertThatThrownBy(() -> HandlerLimits.parse("99999999999999999999", null, ORCHESTRATOR))
                .isInstanceOf(InvalidHandlerLimitException.class).hasMessageContaining("whole number")
                .extracting(e -> ((InvalidHandlerLimitException) e).parameter()).isEqualTo("memory_mb");
    }

    @Test
    void stepTimeoutWinsOverTheVersionsWhichWinsOverTheDefault() {
        HandlerLimits version = new HandlerLimits(16, 500L);
        assertThat(version.forStep(ORCHESTRATOR, 2).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(version.forStep(ORCHESTRATOR, null).timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(HandlerLimits.NONE.forStep(ORCHESTRATOR, null).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(version.forStep(ORCHESTRATOR, null).maxMemoryPages()).isEqualTo(16);
        assertThat(HandlerLimits.NONE.forStep(ORCHESTRATOR, null)).isEqualTo(ORCHESTRATOR);
    }

    @Test
    void theOrchestratorsCapStaysACapWhenLoweredAfterTheUpload() {
        RuntimeLimits lowered = ORCHESTRATOR.withMaxMemoryPages(32);
        assertThat(new HandlerLimits(64, null).forStep(lowered, null).maxMemoryPages()).isEqualTo(32);
        assertThat(new HandlerLimits(16, null).forStep(lowered, null).maxMemoryPages()).isEqualTo(16);
    }

    @Test
    void anUploadMayOmitLimitsButNotChangeThem() {
        HandlerLimits stored = new HandlerLimits(null, 500L);
        assertThat(stored.admits(HandlerLimits.NONE)).isTrue();
        assertThat(stored.admits(new HandlerLimits(null, 500L))).isTrue();
        assertThat(stored.admits(new HandlerLimits(null, 501L))).isFalse();
        assertThat(stored.admits(new HandlerLimits(16, null))).as("a limit stored as the default").isFalse();
    }
}
