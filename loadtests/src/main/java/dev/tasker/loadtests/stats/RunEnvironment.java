package dev.tasker.loadtests.stats;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** One line describing the machine a benchmark ran on, printed beside its results. */
public final class RunEnvironment {

    private RunEnvironment() {
    }

    /**
     * @return e.g. {@code 2026-11-21T17:10:00Z, 2 cores, load average 12.63, JDK 25.0.3, Linux 6.1 amd64}
     */
    public static String describe() {
        return String.format(Locale.ROOT, "%s, %d cores, load average %s, JDK %s, %s %s %s",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                loadAverage(), Runtime.version(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
    }

    /** @return the 1-minute system load average with two decimals, or {@code n/a} where the OS does not report it */
    public static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
    }
}
