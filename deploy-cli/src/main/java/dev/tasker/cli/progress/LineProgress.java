package dev.tasker.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.output.TaskView;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress as plain lines for logs and pipes: one line when the task changes state, one line each time a step
 * changes state or attempt count, e.g.
 * <pre>
 * [  1.2s] process_payment: waiting_for_retry (attempt 1/3) payment gateway timed out [gateway_timeout]
 * </pre>
 */
final class LineProgress implements ProgressDisplay {

    private final PrintWriter out;
    private final Map<String, String> lastSeen = new HashMap<>();
    private String lastTaskState;

    LineProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void update(JsonNode task, long elapsedMs) {
        String stamp = String.format(Locale.ROOT, "[%6.1fs] ", elapsedMs / 1000.0);
        String taskState = task.path("state").asText();
        if (!taskState.equals(lastTaskState)) {
            out.println(stamp + "task " + taskState + " (" + TaskView.stepProgress(task) + ")");
            lastTaskState = taskState;
        }
        for (JsonNode step : task.path("steps")) {
            String name = step.path("name").asText();
            String state = step.path("state").asText();
            String key = state + "#" + step.path("attempts").asInt();
            if (!key.equals(lastSeen.put(name, key))) {
                String detail = state.equals("complete") ? "" : TaskView.detail(step);
                out.println(stamp + name + ": " + state + " (attempt " + TaskView.attempts(step) + ")"
                        + (detail.isEmpty() ? "" : " " + detail));
            }
        }
        out.flush();
    }

    @Override
    public void finish() {
        out.flush();
    }
}
