package dev.tasker.orchestrator.db;

import java.util.ArrayList;
import java.util.List;

/**
 * A wake-up notification that committed work asks for: a NOTIFY channel and its payload, e.g.
 * {@code tasker_queue_activity} + a queue name, or {@code tasker_task_finished} + a task uuid. The SQL functions
 * remember them with {@code tasker.signal(channel, payload)} in the transaction-local setting {@value #SETTING}
 * (migration V11) instead of calling NOTIFY, and {@link NotificationPublisher} sends them after the commit.
 *
 * @param channel the NOTIFY channel, a lower-case SQL identifier
 * @param payload the payload (PostgreSQL limits it to 8000 bytes)
 */
public record Signal(String channel, String payload) {

    /** The transaction-local setting holding a transaction's signals, one {@code "<channel> <payload>\n"} each. */
    public static final String SETTING = "tasker.signals";

    /**
     * @param setting the value of {@value #SETTING}; {@code null} or empty when the transaction asked for none
     * @return its signals in the order they were first asked for
     * @throws IllegalArgumentException when a line has no space between channel and payload
     */
    public static List<Signal> parse(String setting) {
        List<Signal> signals = new ArrayList<>();
        if (setting == null || setting.isEmpty()) {
            return signals;
        }
        for (String line : setting.split("\n")) {
            int space = line.indexOf(' ');
            if (space <= 0) {
                throw new IllegalArgumentException("malformed " + SETTING + " line (want \"<channel> <payload>\"): '"
                        + line + "'");
            }
            signals.add(new Signal(line.substring(0, space), line.substring(space + 1)));
        }
        return signals;
    }
}
