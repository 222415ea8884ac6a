package dev.tasker.loadtests.process;

import dev.tasker.loadtests.stats.CpuClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuTimeTest {

    /** A thread's stat line as a JDK 25 JVM's C2 compiler thread has it (proc(5)), utime 52, stime 3. */
    private static final String C2_THREAD_STAT = "29236 (C2 CompilerThre) S 29216 29216 28486 0 -1 4194368 957 0 0 0 "
            + "52 3 7 1 20 0 19 0 2731060 9096802304 98828 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 -1 1 0 0 0 0 0";

    @Test
    void parsesTheCommandNameAndTicksOfAStatLine() {
        CpuTime.Stat stat = CpuTime.Stat.parse(C2_THREAD_STAT);

        assertThat(stat.comm()).isEqualTo("C2 CompilerThre");
        assertThat(stat.ownTicks()).isEqualTo(55);
        assertThat(stat.reapedChildrenTicks()).isEqualTo(8);
        assertThat(stat.isJitCompilerThread()).isTrue();
    }

    @Test
    void aCommandNameWithParenthesesAndSpacesEndsAtTheLastParenthesis() {
        CpuTime.Stat stat = CpuTime.Stat.parse(C2_THREAD_STAT.replace("(C2 CompilerThre)", "(x) 1 2 (y)"));

        assertThat(stat.comm()).isEqualTo("x) 1 2 (y");
        assertThat(stat.ownTicks()).isEqualTo(55);
        assertThat(stat.isJitCompilerThread()).isFalse();
    }

    @Test
    void otherThreadsAreNotCompilerThreads() {
        for (String name : new String[]{"main", "C2 Compiler", "VM Thread", "GC Thread#0", "vert.x-eventloo"}) {
            assertThat(CpuTime.Stat.parse(C2_THREAD_STAT.replace("C2 CompilerThre", name)).isJitCompilerThread())
                    .as(name).isFalse();
        }
        assertThat(CpuTime.Stat.parse(C2_THREAD_STAT.replace("C2", "C1")).isJitCompilerThread()).isTrue();
    }

    @Test
    void aLineWithoutProcLayoutIsRejected() {
        assertThatThrownBy(() -> CpuTime.Stat.parse("29236 (C2 CompilerThre) S 29216"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected at least 17");
        assertThatThrownBy(() -> CpuTime.Stat.parse("no parentheses"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a /proc stat line");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisJvmsCompilerThreadsWhichNeverGoBack() {
        CpuClock compilers = CpuTime.compilerThreads(ProcessHandle.current());
        OptionalLong before = compilers.nanos();

        long sink = compilationWork();
        OptionalLong after = compilers.nanos();
        OptionalLong wholeProcess = CpuTime.treesNanos(List.of(ProcessHandle.current()));

        assertThat(sink).isNotZero();
        assertThat(before).isPresent();
        assertThat(after.getAsLong()).isPositive().isGreaterThanOrEqualTo(before.getAsLong())
                .isLessThanOrEqualTo(wholeProcess.getAsLong());
    }

    @Test
    void anUnreadableProcessHasNoCompilerTime() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        ProcessHandle handle = exited.toHandle();
        exited.waitFor();

        assertThat(CpuTime.compilerThreads(handle).nanos()).isEmpty();
    }

    /** @return a value depending on every iteration, after code hot enough for C1 and C2 to compile */
    private static long compilationWork() {
        long sink = 0;
        for (int i = 0; i < 300_000; i++) {
            String text = Integer.toHexString(i) + ":" + (i * 31L);
            sink += text.hashCode() + text.indexOf(':') + Long.parseLong(text.substring(text.indexOf(':') + 1)) % 7;
        }
        return sink;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void countsTheCpuOfChildrenThatAlreadyExited() throws Exception {
        // the busy loops run in subshells that exit before the reading: their time is in the root's cutime/cstime
        Process shell = new ProcessBuilder("bash", "-c",
                "for j in 1 2; do (i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done); done; echo done; sleep 30")
                .redirectErrorStream(true).start();
        try {
            OptionalLong atStart = CpuTime.treesNanos(List.of(shell.toHandle()));
            assertThat(new String(shell.getInputStream().readNBytes(4))).isEqualTo("done");

            OptionalLong afterLoops = CpuTime.treesNanos(List.of(shell.toHandle()));

            assertThat(atStart).isPresent();
            assertThat(afterLoops.getAsLong() - atStart.getAsLong()).isGreaterThanOrEqualTo(100_000_000L);
        } finally {
            shell.destroyForcibly().waitFor();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void goneProcessIsUnknown() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        ProcessHandle handle = exited.toHandle();
        exited.waitFor();

        assertThat(CpuTime.treesNanos(List.of(handle))).isEmpty();
    }
}
