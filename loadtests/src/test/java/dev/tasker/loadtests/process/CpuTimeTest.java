package dev.tasker.loadtests.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class CpuTimeTest {

    @Test
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
    void goneProcessIsUnknown() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        ProcessHandle handle = exited.toHandle();
        exited.waitFor();

        assertThat(CpuTime.treesNanos(List.of(handle))).isEmpty();
    }
}
