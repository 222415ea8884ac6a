package dev.tasker.loadtests.process;

import dev.tasker.loadtests.stats.CpuClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time (user + system) consumed by process trees and by a JVM's JIT compiler threads, read from Linux's
 * {@code /proc/<pid>/stat} and {@code /proc/<pid>/task/<tid>/stat} (proc(5): field 2 {@code comm}, fields 14-17
 * {@code utime}, {@code stime}, {@code cutime}, {@code cstime}, in clock ticks of 1/100 s, the value of
 * {@code getconf CLK_TCK} on Linux x86-64 and arm64).
 *
 * <p>A tree's time is its root's own and reaped children's time plus the own time of every live descendant, so
 * PostgreSQL backends that exit during a measurement are still counted (through the postmaster's {@code cutime}).
 * Used to report benchmark results per CPU-second, which stay comparable on a machine shared with other work.
 */
public final class CpuTime {

    private static final long TICKS_PER_SECOND = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / TICKS_PER_SECOND;
    /**
     * Name prefixes of HotSpot's JIT compiler threads ({@code C1 CompilerThread0}, {@code C2 CompilerThread1}, ...)
     * as the kernel keeps them: {@code comm} holds at most 15 characters.
     */
    private static final String[] COMPILER_THREAD_PREFIXES = {"C1 CompilerThre", "C2 CompilerThre"};

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
            Optional<Stat> own = Stat.ofProcess(root);
            if (own.isEmpty()) {
                return OptionalLong.empty();
            }
            ticks += own.get().ownTicks() + own.get().reapedChildrenTicks();
            ticks += root.descendants().mapToLong(p -> Stat.ofProcess(p).map(Stat::ownTicks).orElse(0L)).sum();
        }
        return OptionalLong.of(ticks * NANOS_PER_TICK);
    }

    /**
     * A clock of the CPU time a HotSpot JVM's JIT compiler threads (C1 and C2) consumed: the threads under
     * {@code /proc/<pid>/task/} whose {@code comm} starts with {@code C1 CompilerThre} or {@code C2 CompilerThre}.
     *
     * <p>HotSpot keeps one compiler thread of each kind for the JVM's life; with more cores it starts more on demand
     * and lets them exit when idle ({@code -XX:+UseDynamicNumberOfCompilerThreads}, the default), taking their
     * counters with them. The clock therefore remembers the last value it read of every compiler thread it has seen
     * and reports their sum, so that it never goes back; what an extra thread did between the clock's last reading
     * and its exit is missed.
     *
     * @param jvm a HotSpot JVM process
     * @return a clock that is empty while {@code /proc/<pid>/task} cannot be read (not Linux, process gone)
     */
    public static CpuClock compilerThreads(ProcessHandle jvm) {
        Path tasks = Path.of("/proc", Long.toString(jvm.pid()), "task");
        Map<Path, Long> lastTicks = new HashMap<>();
        return () -> {
            Optional<Map<Path, Long>> now = compilerThreadTicks(tasks);
            if (now.isEmpty()) {
                return OptionalLong.empty();
            }
            synchronized (lastTicks) {
                now.get().forEach((thread, ticks) -> lastTicks.merge(thread, ticks, Math::max));
                return OptionalLong.of(lastTicks.values().stream().mapToLong(Long::longValue).sum() * NANOS_PER_TICK);
            }
        };
    }

    /** @return CPU ticks of each live compiler thread by its {@code stat} file, or empty when the directory cannot be read */
    private static Optional<Map<Path, Long>> compilerThreadTicks(Path tasks) {
        Map<Path, Long> ticks = new HashMap<>();
        try (Stream<Path> threads = Files.list(tasks)) {
            // a thread that exits between the listing and the read is left out
            threads.map(thread -> thread.resolve("stat")).forEach(statFile -> Stat.read(statFile)
                    .filter(Stat::isJitCompilerThread)
                    .ifPresent(stat -> ticks.put(statFile, stat.ownTicks())));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        return Optional.of(ticks);
    }

    /**
     * The fields of one {@code stat} line (a process's or a thread's; both have the same layout) used here.
     *
     * @param comm                the command name, field 2 (a thread's name for a thread)
     * @param ownTicks            {@code utime + stime}, clock ticks
     * @param reapedChildrenTicks {@code cutime + cstime}, clock ticks
     */
    record Stat(String comm, long ownTicks, long reapedChildrenTicks) {

        /**
         * @param line the content of a {@code stat} file
         * @return its fields
         * @throws IllegalArgumentException when the line does not have proc(5)'s layout
         */
        static Stat parse(String line) {
            // the command name (field 2) is in parentheses and may hold spaces and parentheses: it ends at the last ')'
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            if (open < 0 || close < open || close + 2 > line.length()) {
                throw new IllegalArgumentException("not a /proc stat line: " + line);
            }
            String[] fields = line.substring(close + 2).split(" ");
            if (fields.length < 15) {
                throw new IllegalArgumentException("/proc stat line has " + (fields.length + 2)
                        + " fields, expected at least 17: " + line);
            }
            // fields[0] is field 3 (state), so field n is fields[n - 3]
            return new Stat(line.substring(open + 1, close), Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                    Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
        }

        /** @return the process's {@code /proc/<pid>/stat}, or empty when it cannot be read */
        static Optional<Stat> ofProcess(ProcessHandle process) {
            return read(Path.of("/proc", Long.toString(process.pid()), "stat"));
        }

        /** @return the parsed file, or empty when it cannot be read (no such process or thread, not Linux) */
        static Optional<Stat> read(Path statFile) {
            try {
                return Optional.of(parse(Files.readString(statFile)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** @return whether this is one of HotSpot's C1 or C2 JIT compiler threads */
        boolean isJitCompilerThread() {
            for (String prefix : COMPILER_THREAD_PREFIXES) {
                if (comm.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
