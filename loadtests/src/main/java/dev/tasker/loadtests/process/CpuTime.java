package dev.tasker.loadtests.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * CPU time (user + system) consumed by process trees, read from Linux's {@code /proc/<pid>/stat} (proc(5): fields
 * 14-17 {@code utime}, {@code stime}, {@code cutime}, {@code cstime}, in clock ticks of 1/100 s, the value of
 * {@code getconf CLK_TCK} on Linux x86-64 and arm64).
 *
 * <p>A tree's time is its root's own and reaped children's time plus the own time of every live descendant, so
 * PostgreSQL backends that exit during a measurement are still counted (through the postmaster's {@code cutime}).
 * Used to report benchmark results per CPU-second, which stay comparable on a machine shared with other work.
 */
public final class CpuTime {

    private static final long TICKS_PER_SECOND = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / TICKS_PER_SECOND;

    private CpuTime() {
    }

    /**
     * @param roots root processes
     * @return the CPU time consumed so far by the trees under them, or empty when {@code /proc} cannot be read
     * (not Linux)
     */
    public static OptionalLong treesNanos(Collection<ProcessHandle> roots) {
        long ticks = 0;
        for (ProcessHandle root : roots) {
            OptionalLong own = ticks(root.pid(), true);
            if (own.isEmpty()) {
                return OptionalLong.empty();
            }
            ticks += own.getAsLong();
            ticks += root.descendants().mapToLong(p -> ticks(p.pid(), false).orElse(0)).sum();
        }
        return OptionalLong.of(ticks * NANOS_PER_TICK);
    }

    private static OptionalLong ticks(long pid, boolean withReapedChildren) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so field n is fields[n - 3]
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withReapedChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return OptionalLong.of(ticks);
    }
}
