package dev.tasker.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.output.Terminal;

import java.io.PrintWriter;

/** Shows a running task's progress while {@link TaskWatcher} polls it. */
public interface ProgressDisplay {

    /**
     * Called after every poll with the task JSON ({@code GET /v1/tasks/{uuid}}).
     *
     * @param task      the task as it is now
     * @param elapsedMs ms since watching began
     */
    void update(JsonNode task, long elapsedMs);

    /** Called once when the task reached a terminal state, after the last {@link #update}. */
    void finish();

    /** @return a display that shows nothing (for {@code --output json}) */
    static ProgressDisplay silent() {
        return new ProgressDisplay() {
            @Override
            public void update(JsonNode task, long elapsedMs) {
            }

            @Override
            public void finish() {
            }
        };
    }

    /**
     * @return a display that redraws a block of lines in place on an interactive terminal, or prints one line per
     *         change otherwise
     */
    static ProgressDisplay forTerminal(Terminal terminal, PrintWriter out) {
        return terminal.interactive() ? new RedrawingProgress(out, terminal.columns()) : new LineProgress(out);
    }
}
