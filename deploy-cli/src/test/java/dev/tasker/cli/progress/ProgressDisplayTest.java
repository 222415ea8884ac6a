package dev.tasker.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.Json;
import dev.tasker.cli.output.Terminal;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** How progress is drawn for a terminal (redrawn block) and for logs (one line per change). */
class ProgressDisplayTest {

    private static JsonNode task(String state, String paymentState, int paymentAttempts) {
        return Json.parse("""
                {"task_uuid":"0193a5c2-7d1e-7c3a-9f00-2b1d6c1e8a10","namespace":"ecommerce","name":"order_fulfillment",
                 "version":"1.0.0","state":"%s","step_counts":{"total":2,"complete":%d},
                 "steps":[
                   {"name":"validate_order","state":"complete","attempts":1,"max_attempts":1,"result":{"total":"10.00"}},
                   {"name":"process_payment","state":"%s","attempts":%d,"max_attempts":3,
                    "error":%s}
                 ]}""".formatted(state, paymentState.equals("complete") ? 2 : 1, paymentState, paymentAttempts,
                paymentState.equals("waiting_for_retry")
                        ? "{\"message\":\"gateway timeout\",\"error_type\":\"payment_gateway_timeout\",\"retryable\":true}"
                        : "null"), "task");
    }

    @Test
    void plainLinesOnlyForChanges() {
        StringWriter text = new StringWriter();
        ProgressDisplay display = ProgressDisplay.forTerminal(new Terminal(false, 120), new PrintWriter(text));
        display.update(task("steps_in_process", "in_progress", 1), 100);
        display.update(task("steps_in_process", "in_progress", 1), 200);
        display.update(task("steps_in_process", "waiting_for_retry", 1), 300);
        display.update(task("complete", "complete", 2), 1500);
        display.finish();
        assertThat(text.toString().lines().toList()).containsExactly(
                "[   0.1s] validate_order: complete (attempt 1/1)",
                "[   0.1s] process_payment: in_progress (attempt 1/3)",
                "[   0.1s] task steps_in_process (1/2 steps complete)",
                "[   0.3s] process_payment: waiting_for_retry (attempt 1/3) payment_gateway_timeout: gateway timeout",
                "[   1.5s] process_payment: complete (attempt 2/3)",
                "[   1.5s] task complete (2/2 steps complete)");
        assertThat(text.toString()).doesNotContain("\u001b[");
    }

    @Test
    void terminalBlockIsRedrawnInPlaceAndErasedAtTheEnd() {
        StringWriter text = new StringWriter();
        ProgressDisplay display = ProgressDisplay.forTerminal(new Terminal(true, 60), new PrintWriter(text));
        display.update(task("steps_in_process", "waiting_for_retry", 1), 300);
        String firstFrame = text.toString();
        assertThat(firstFrame.lines().toList()).hasSize(3).allSatisfy(line -> assertThat(line.length()).isLessThan(60));
        assertThat(firstFrame).startsWith("[############------------] 1/2 steps complete  steps_in")
                .contains("process_payment  waiting_for_retry");
        display.update(task("complete", "complete", 2), 900);
        // cursor up 3 lines, erase below, then the new frame
        assertThat(text.toString().substring(firstFrame.length())).startsWith("\u001b[3F\u001b[J")
                .contains("[########################] 2/2 steps complete  complete");
        display.finish();
        assertThat(text.toString()).endsWith("\u001b[3F\u001b[J");
    }
}
