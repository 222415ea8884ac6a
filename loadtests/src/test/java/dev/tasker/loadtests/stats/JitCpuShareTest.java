package dev.tasker.loadtests.stats;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JitCpuShareTest {

    @Test
    void measuresBothClocksOverTheInterval() {
        AtomicLong process = new AtomicLong(1_000_000_000L);
        AtomicLong jit = new AtomicLong(400_000_000L);
        JitCpuShare.Start start = JitCpuShare.start(() -> OptionalLong.of(process.get()),
                () -> OptionalLong.of(jit.get()));
        process.addAndGet(2_000_000_000L);
        jit.addAndGet(150_000_000L);

        JitCpuShare used = start.end();

        assertThat(used.processCpu()).isEqualTo(Duration.ofSeconds(2));
        assertThat(used.jitCpu()).isEqualTo(Duration.ofMillis(150));
        assertThat(used.share()).isEqualTo(0.075);
        assertThat(used.describe()).isEqualTo("2.00 CPU-s, JIT compiler threads 0.15 CPU-s (7.5 %)");
    }

    @Test
    void unknownWhenEitherClockCannotBeRead() {
        JitCpuShare used = JitCpuShare.start(() -> OptionalLong.of(5), CpuClock.NONE).end();

        assertThat(used.known()).isFalse();
        assertThat(used.describe()).contains("unknown");
        assertThatThrownBy(used::share).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noProcessCpuIsNoShare() {
        assertThat(new JitCpuShare(Duration.ZERO, Duration.ZERO).share()).isZero();
    }
}
