package dev.tasker.examples;

import static dev.tasker.examples.Invocations.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.examples.WorkflowSimulator.Run;
import dev.tasker.examples.WorkflowSimulator.TaskState;
import dev.tasker.runtime.contract.ErrorTypes;
import dev.tasker.runtime.contract.StepResult;
import dev.tasker.runtime.contract.StepResult.Failure;
import dev.tasker.runtime.contract.StepResult.Success;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order fulfillment template ({@code ecommerce/order_fulfillment}) with its Rust, C and
 * AssemblyScript handlers, end to end and handler by handler.
 */
class OrderFulfillmentTest {

    private static final String TEMPLATE = "order_fulfillment.yaml";
    @RegisterExtension
    static final HandlerHarness harness = new HandlerHarness();
    private static final WorkflowSimulator simulator = new WorkflowSimulator(harness);

    private static JsonNode stepConfig(String step) {
        for (JsonNode s : ExampleFiles.template(TEMPLATE).path("steps")) {
            if (s.path("name").asText().equals(step)) {
                return s.path("handler").path("initialization");
            }
        }
        throw new AssertionError("template has no step " + step);
    }

    /** Expected order totals computed here from the context and the template's validate_order config. */
    private record Totals(BigDecimal subtotal, BigDecimal tax, BigDecimal shipping, BigDecimal total) {

        static Totals of(JsonNode context) {
            JsonNode config = stepConfig("validate_order");
            BigDecimal subtotal = BigDecimal.ZERO.setScale(2);
            for (JsonNode item : context.path("items")) {
                subtotal = subtotal.add(new BigDecimal(item.path("price").asText())
                        .multiply(BigDecimal.valueOf(item.path("quantity").asLong())));
            }
            BigDecimal tax = subtotal.multiply(BigDecimal.valueOf(config.path("tax_rate_bps").asLong()))
                    .divide(BigDecimal.valueOf(10_000), 2, RoundingMode.HALF_UP);
            BigDecimal shipping = new BigDecimal(
                    config.path("shipping_rates").path(context.path("shipping").path("method").asText()).asText());
            return new Totals(subtotal.setScale(2), tax, shipping, subtotal.add(tax).add(shipping).setScale(2));
        }
    }

    private static long cents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    @Test
    void okOrderCompletesWithExactTotalsAndEveryStepSeesItsAncestors() {
        JsonNode context = ExampleFiles.context("order-ok.json");
        Run run = simulator.run(ExampleFiles.template(TEMPLATE), context);

        assertThat(run.state()).isEqualTo(TaskState.COMPLETE);
        assertThat(run.steps().keySet())
                .containsExactly("validate_order", "reserve_inventory", "process_payment", "ship_order");
        run.steps().values().forEach(step -> assertThat(step.attempts()).hasSize(1));

        Totals expected = Totals.of(context);
        assertThat(expected.total()).isEqualByComparingTo("220.43");
        JsonNode order = run.step("validate_order").result();
        assertThat(order.path("subtotal").asText()).isEqualTo(expected.subtotal().toPlainString());
        assertThat(order.path("tax").asText()).isEqualTo(expected.tax().toPlainString());
        assertThat(order.path("shipping").asText()).isEqualTo(expected.shipping().toPlainString());
        assertThat(order.path("total").asText()).isEqualTo(expected.total().toPlainString());
        assertThat(order.path("total_cents").asLong()).isEqualTo(cents(expected.total()));
        assertThat(order.path("item_count").asInt()).isEqualTo(6);
        assertThat(order.path("items").get(0).path("line_total").asText()).isEqualTo("39.98");

        String uuidPrefix = run.taskUuid().toString().substring(0, 8);
        JsonNode reservation = run.step("reserve_inventory").result();
        assertThat(reservation.path("reservation_id").asText()).isEqualTo("res-" + uuidPrefix);
        assertThat(reservation.path("warehouse").asText()).isEqualTo("WH-EU-1");
        assertThat(reservation.path("total_units").asInt()).isEqualTo(6);
        // GADGET-XL has 25 units in the template's stock map; the other SKUs get default_stock 500.
        assertThat(reservation.path("lines").get(1).path("remaining").asInt()).isEqualTo(24);
        assertThat(reservation.path("lines").get(0).path("remaining").asInt()).isEqualTo(498);

        JsonNode payment = run.step("process_payment").result();
        assertThat(payment.path("status").asText()).isEqualTo("captured");
        assertThat(payment.path("amount").asText()).isEqualTo(expected.total().toPlainString());
        assertThat(payment.path("amount_cents").asLong()).isEqualTo(cents(expected.total()));
        assertThat(payment.path("reservation_id").asText()).isEqualTo("res-" + uuidPrefix);
        assertThat(payment.path("payment_id").asText()).isEqualTo("pay-" + uuidPrefix);

        Success shipped = (Success) run.step("ship_order").last();
        String tracking = "1Z" + run.taskUuid().toString().replace("-", "").substring(0, 16).toUpperCase();
        assertThat(shipped.result().path("tracking_number").asText()).isEqualTo(tracking);
        assertThat(shipped.result().path("carrier").asText()).isEqualTo("DHL Express");
        assertThat(shipped.result().path("payment_id").asText()).isEqualTo("pay-" + uuidPrefix);
        assertThat(shipped.result().path("ship_to")).isEqualTo(context.path("shipping").path("address"));
        assertThat(shipped.events()).singleElement().satisfies(event -> {
            assertThat(event.name()).isEqualTo("order.shipped");
            assertThat(event.payload().path("tracking_number").asText()).isEqualTo(tracking);
        });
    }

    @Test
    void flakyPaymentFailsRetryablyOnAttemptOneAndSucceedsOnAttemptTwo() {
        Run run = simulator.run(ExampleFiles.template(TEMPLATE), ExampleFiles.context("order-flaky-payment.json"));

        assertThat(run.state()).isEqualTo(TaskState.COMPLETE);
        var payment = run.step("process_payment");
        assertThat(payment.attempts()).hasSize(2);
        Failure first = (Failure) payment.attempts().get(0);
        assertThat(first.error().errorType()).isEqualTo("payment_gateway_timeout");
        assertThat(first.error().retryable()).isTrue();
        assertThat(first.error().retryAfterMs()).isEqualTo(200L);
        assertThat(payment.result().path("attempt").asInt()).isEqualTo(2);
        assertThat(payment.result().path("amount").asText())
                .isEqualTo(Totals.of(ExampleFiles.context("order-flaky-payment.json")).total().toPlainString());
        assertThat(run.step("ship_order").result().path("carrier").asText()).isEqualTo("PostNL");
    }

    @Test
    void orderAboveTheLimitIsRefusedWithoutRetryAndNothingElseRuns() {
        JsonNode context = ExampleFiles.context("order-too-large.json");
        Run run = simulator.run(ExampleFiles.template(TEMPLATE), context);

        assertThat(run.state()).isEqualTo(TaskState.ERROR);
        assertThat(run.steps().keySet()).containsExactly("validate_order");
        Failure refused = (Failure) run.step("validate_order").last();
        assertThat(run.step("validate_order").attempts()).hasSize(1);
        assertThat(refused.error().errorType()).isEqualTo("order_limit_exceeded");
        assertThat(refused.error().retryable()).isFalse();
        assertThat(refused.error().errorCode()).isEqualTo("ORDER_TOTAL_LIMIT");
        assertThat(refused.error().message()).isEqualTo("order total " + Totals.of(context).total().toPlainString()
                + " USD is above the limit of 5000.00 USD");
    }

    @Test
    void invalidOrderFailsWithAValidationErrorNamingEveryBadField() {
        Run run = simulator.run(ExampleFiles.template(TEMPLATE), ExampleFiles.context("order-invalid.json"));

        assertThat(run.state()).isEqualTo(TaskState.ERROR);
        Failure invalid = (Failure) run.step("validate_order").last();
        assertThat(invalid.error().errorType()).isEqualTo("validation_error");
        assertThat(invalid.error().retryable()).isFalse();
        assertThat(invalid.error().message()).contains(
                "customer.name must not be empty",
                "customer.email 'not-an-email' is not an email address",
                "items[0].quantity must be an integer from 1 to 1000",
                "items[1].sku 'WIDGET-RED' repeats items[0]",
                "items[1].price must be a non-negative amount with at most 2 decimals",
                "payment.method 'cash' is not one of credit_card, debit_card, bank_transfer",
                "shipping.address.city is missing",
                "shipping.method 'teleport' is not one of express, overnight, standard");
    }

    @Test
    void pricesAreExactDecimalsNotBinaryFloatingPoint() {
        JsonNode context = json("""
                {"customer": {"id": "c", "name": "n", "email": "a@b.co"},
                 "items": [{"sku": "A", "quantity": 1, "price": 0.1}, {"sku": "B", "quantity": 1, "price": "0.2"}],
                 "payment": {"token": "tok_x", "method": "debit_card"},
                 "shipping": {"address": {"line1": "l", "city": "c", "postal_code": "p", "country": "NL"},
                              "method": "standard"}}""");
        StepResult result = harness.run("order_validate",
                Invocations.step("validate_order").context(context).config(json("{\"shipping_rates\":{\"standard\":0}}"))
                        .build());

        assertThat(((Success) result).result().path("subtotal").asText()).isEqualTo("0.30");
        assertThat(((Success) result).result().path("total_cents").asLong()).isEqualTo(30);
    }

    @Test
    void reservationBeyondStockFailsWithoutRetryNamingTheSku() {
        StepResult result = harness.run("inventory_reserve", Invocations.step("reserve_inventory")
                .config(stepConfig("reserve_inventory"))
                .dependency("validate_order", json("{\"items\":[{\"sku\":\"GADGET-XL\",\"quantity\":1},"
                        + "{\"sku\":\"DIFFERENCE-ENGINE\",\"quantity\":2}]}"))
                .build());

        Failure failure = (Failure) result;
        assertThat(failure.error().errorType()).isEqualTo("insufficient_inventory");
        assertThat(failure.error().retryable()).isFalse();
        assertThat(failure.error().errorCode()).isEqualTo("OUT_OF_STOCK");
        assertThat(failure.error().message())
                .isEqualTo("sku 'DIFFERENCE-ENGINE': 2 units requested, 1 available in warehouse WH-EU-1");
    }

    @Test
    void declinedCardFailsWithoutRetry() {
        StepResult result = harness.run("payment_process", Invocations.step("process_payment")
                .context(json("{\"payment\":{\"token\":\"tok_declined\",\"method\":\"credit_card\"}}"))
                .dependency("validate_order", json("{\"total_cents\":1999,\"currency\":\"EUR\"}"))
                .dependency("reserve_inventory", json("{\"reservation_id\":\"res-1\"}"))
                .build());

        Failure failure = (Failure) result;
        assertThat(failure.error().errorType()).isEqualTo("payment_declined");
        assertThat(failure.error().retryable()).isFalse();
        assertThat(failure.error().errorCode()).isEqualTo("card_declined");
        assertThat(failure.error().message()).isEqualTo("the card issuer declined the charge of 19.99 EUR");
    }

    @Test
    void shippingRefusesAPaymentThatWasNotCaptured() {
        StepResult result = harness.run("order_ship", Invocations.step("ship_order")
                .config(stepConfig("ship_order"))
                .dependency("validate_order", json("{\"shipping_method\":\"express\"}"))
                .dependency("reserve_inventory", json("{\"reservation_id\":\"res-1\"}"))
                .dependency("process_payment", json("{\"payment_id\":\"pay-1\",\"status\":\"authorized\"}"))
                .build());

        Failure failure = (Failure) result;
        assertThat(failure.error().errorType()).isEqualTo("payment_not_captured");
        assertThat(failure.error().message()).isEqualTo("process_payment status is 'authorized', expected 'captured'");
    }

    @Test
    void missingDependencyResultIsANonRetryableFailure() {
        Failure failure = (Failure) harness.run("order_ship", Invocations.step("ship_order").build());

        assertThat(failure.error().errorType()).isEqualTo("missing_dependency");
        assertThat(failure.error().message()).isEqualTo("dependency_results has no result for step 'validate_order'");
    }

    @Test
    void malformedInvocationsBecomeTypedFailuresInEveryLanguage() {
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);

        Failure rust = (Failure) harness.runRaw("order_validate", garbage);
        Failure c = (Failure) harness.runRaw("inventory_reserve", garbage);
        Failure assemblyScript = (Failure) harness.runRaw("payment_process", garbage);

        assertThat(rust.error().errorType()).isEqualTo("invalid_invocation");
        assertThat(c.error().errorType()).isEqualTo("invalid_invocation");
        assertThat(c.error().message()).startsWith("step invocation is not valid JSON");
        // json-as aborts on malformed JSON (the WASI shim's abort exits 255): the host makes it a typed failure.
        assertThat(assemblyScript.error().errorType()).isEqualTo(ErrorTypes.HANDLER_EXIT);
        assertThat(assemblyScript.error().message()).contains("255");
        assertThat(assemblyScript.error().retryable()).isFalse();
    }

    @Test
    void retriedPaymentKeepsItsIdentifiers() {
        UUID task = UUID.randomUUID();
        Invocations attempt = Invocations.step("process_payment").task(task)
                .context(json("{\"payment\":{\"token\":\"tok_flaky\",\"method\":\"credit_card\"}}"))
                .dependency("validate_order", json("{\"total_cents\":100,\"currency\":\"USD\"}"))
                .dependency("reserve_inventory", json("{\"reservation_id\":\"res-1\"}"));

        StepResult third = harness.run("payment_process", attempt.attempt(3, 3).build());

        assertThat(((Success) third).result().path("payment_id").asText())
                .isEqualTo("pay-" + task.toString().substring(0, 8));
    }
}
