package dev.tasker.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.output.Formats;
import dev.tasker.cli.output.TaskView;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Progress on an interactive terminal: a block of lines (a progress bar with steps done/total and the task
 * state, then one line per step with its state, attempts and latest result or error) redrawn in place after
 * every poll with ANSI escapes (CSI n F: cursor up n lines; CSI J: erase below). Lines are cut to the terminal
 * width so the line count stays exact. {@link #finish()} erases the block so the final summary replaces it.
 */
final class RedrawingProgress implements ProgressDisplay {

    private static final String CSI = "\u001b[";
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final int columns;
    private int drawnLines;

    RedrawingProgress(PrintWriter out, int columns) {
        this.out = out;
        this.columns = columns;
    }

    @Override
    public void update(JsonNode task, long elapsedMs) {
        List<String> lines = new ArrayList<>();
        int total = TaskView.total(task);
        int done = TaskView.done(task);
        int filled = total == 0 ? 0 : BAR_WIDTH * done / total;
        lines.add(String.format(Locale.ROOT, "[%s%s] %s  %s  %.1fs  %s", "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled), TaskView.stepProgress(task), task.path("state").asText(),
                elapsedMs / 1000.0, TaskView.templateKey(task)));
        int nameWidth = 4;
        int stateWidth = "waiting_for_retry".length();
        for (JsonNode step : task.path("steps")) {
            nameWidth = Math.max(nameWidth, step.path("name").asText().length());
            stateWidth = Math.max(stateWidth, step.path("state").asText().length());
        }
        for (JsonNode step : TaskView.stepsInDependencyOrder(task)) {
            lines.add(String.format(Locale.ROOT, "  %-" + nameWidth + "s  %-" + stateWidth + "s  %5s  %s",
                    step.path("name").asText(), step.path("state").asText(), TaskView.attempts(step),
                    TaskView.detail(step)).stripTrailing());
        }
        erase();
        lines.forEach(line -> out.println(Formats.cut(line, columns - 1)));
        drawnLines = lines.size();
        out.flush();
    }

    @Override
    public void finish() {
        erase();
        out.flush();
    }

    private void erase() {
        if (drawnLines > 0) {
            out.print(CSI + drawnLines + "F" + CSI + "J");
            drawnLines = 0;
        }
    }
}
