package dev.tasker.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.output.TaskView;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Progress as plain lines for logs and pipes: one line each time a step changes state or attempt count (steps in
 * dependency order), then one line when the task changes state, e.g.
 * <pre>
 * [  1.2s] process_payment: waiting_for_retry (attempt 1/3) payment_gateway_timeout: gateway did not answer
 * </pre>
 */
final class LineProgress implements ProgressDisplay {

    /** Step states in which the latest error is news; in others it is history (the final table shows results). */
    private static final Set<String> FAILED_STATES = Set.of("enqueued_as_error_for_orchestration", "waiting_for_retry", "error");

    private final PrintWriter out;
    private final Map<String, String> lastSeen = new HashMap<>();
    private String lastTaskState;

    LineProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void update(JsonNode task, long elapsedMs) {
        String stamp = String.format(Locale.ROOT, "[%6.1fs] ", elapsedMs / 1000.0);
        for (JsonNode step : TaskView.stepsInDependencyOrder(task)) {
            String name = step.path("name").asText();
            String state = step.path("state").asText();
            String key = state + "#" + step.path("attempts").asInt();
            if (!key.equals(lastSeen.put(name, key))) {
                String error = FAILED_STATES.contains(state) ? TaskView.error(step) : "";
                out.println(stamp + name + ": " + state + " (attempt " + TaskView.attempts(step) + ")"
                        + (error.isEmpty() ? "" : " " + error));
            }
        }
        String taskState = task.path("state").asText();
        if (!taskState.equals(lastTaskState)) {
            out.println(stamp + "task " + taskState + " (" + TaskView.stepProgress(task) + ")");
            lastTaskState = taskState;
        }
        out.flush();
    }

    @Override
    public void finish() {
        out.flush();
    }
}
