package dev.tasker.cli;

import dev.tasker.cli.testing.Cli;
import dev.tasker.cli.testing.RunningOrchestrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.tasker.cli.testing.RunningOrchestrator.tasker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tasker demo} against an orchestrator that is already running (the demo then uses it): the example
 * handlers from {@code handlers-examples/wasm} are deployed, the example templates applied, and both order
 * fulfillment runs end as the demo expects. (Starting its own orchestrator is what {@code demo-smoke.sh} and
 * {@link ServerIT} cover.)
 */
@ExtendWith(RunningOrchestrator.class)
class DemoIT {

    @Test
    void runsBothOrdersAndShowsTheRetryAndTheFailure() {
        Cli.Run run = tasker("demo");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("Using the orchestrator already running at " + RunningOrchestrator.url())
                .containsPattern("order_validate\\s+\\d+\\s+sha256:[0-9a-f]{12}\\s+[\\d.]+ KiB\\s+(deployed|unchanged)")
                .containsPattern("ecommerce/order_fulfillment@1.0.0\\s+4\\s+(created|unchanged)")
                .containsPattern("validate_order\\s+complete.*\\n.*reserve_inventory\\s+complete.*\\n"
                        + ".*process_payment\\s+complete\\s+2/3.*\\n.*ship_order\\s+complete")
                .contains("Retries of process_payment", "waiting_for_retry")
                .containsPattern("validate_order\\s+error\\s+1/1\\s+.*order_limit_exceeded: order total")
                .contains("Ended in complete, as expected.", "Ended in error, as expected.", "What next");

        // a second run on the same database works too: contexts are made unique, deployments are no-ops
        Cli.Run again = tasker("demo");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).containsPattern("order_validate\\s+\\d+\\s+sha256:[0-9a-f]{12}\\s+[\\d.]+ KiB\\s+unchanged");
    }
}
