// payment_process: charges the order total through a (simulated) payment gateway.
//
// Reads context.payment {token, method}, dependency_results.validate_order {total_cents, currency}
// and dependency_results.reserve_inventory {reservation_id}. Config: gateway (name, default "sandbox").
// Result: {payment_id, status: "captured", amount, amount_cents, currency, method, reservation_id,
// gateway, attempt}; payment_id derives from the task uuid, so a retry charges under the same id.
//
// The sandbox gateway models real failure kinds through the token:
// - "tok_flaky": times out on attempt 1 (retryable payment_gateway_timeout, retry_after_ms 200) and
//   succeeds from attempt 2 on;
// - "tok_declined": declined by the issuer (payment_declined, not retryable, error_code card_declined);
// - anything else starting with "tok_": captured.
import { JSON } from "json-as";
import { dependency, formatCents, Invocation, Outcome, run } from "./tasker/contract";

@json
class OrderTotals {
  total_cents: i64 = -1;
  currency: string = "";
}

@json
class Reservation {
  reservation_id: string = "";
}

@json
class Payment {
  payment_id: string = "";
  status: string = "captured";
  amount: string = "";
  amount_cents: i64 = 0;
  currency: string = "";
  method: string = "";
  reservation_id: string = "";
  gateway: string = "";
  attempt: i32 = 0;
}

function stringAt(obj: JSON.Obj, key: string): string {
  const value = obj.get(key);
  return value != null && value.type == JSON.Types.String ? value.get<string>() : "";
}

function process(inv: Invocation): Outcome {
  const order = dependency<OrderTotals>(inv, "validate_order");
  if (order == null || order.total_cents < 0 || order.currency.length == 0) {
    return Outcome.permanent("invalid_dependency_result", "dependency_results.validate_order needs total_cents and currency");
  }
  const reservation = dependency<Reservation>(inv, "reserve_inventory");
  if (reservation == null || reservation.reservation_id.length == 0) {
    return Outcome.permanent("invalid_dependency_result", "dependency_results.reserve_inventory needs reservation_id");
  }
  const paymentValue = inv.task.context.get("payment");
  if (paymentValue == null || paymentValue.type != JSON.Types.Object) {
    return Outcome.invalid("context.payment is missing");
  }
  const payment = paymentValue.get<JSON.Obj>();
  const token = stringAt(payment, "token");
  const method = stringAt(payment, "method");
  if (!token.startsWith("tok_") || method.length == 0) {
    return Outcome.invalid("context.payment needs a token starting with 'tok_' and a method");
  }

  if (token == "tok_declined") {
    return Outcome.permanent("payment_declined", "the card issuer declined the charge of " + formatCents(order.total_cents) + " " + order.currency, "card_declined");
  }
  if (token == "tok_flaky" && inv.step.attempt == 1) {
    return Outcome.transient("payment_gateway_timeout", "payment gateway did not answer within its deadline (attempt 1)", 200);
  }

  const gateway = stringAt(inv.config, "gateway");
  const result = new Payment();
  result.payment_id = "pay-" + inv.task.uuid.slice(0, 8);
  result.amount = formatCents(order.total_cents);
  result.amount_cents = order.total_cents;
  result.currency = order.currency;
  result.method = method;
  result.reservation_id = reservation.reservation_id;
  result.gateway = gateway.length > 0 ? gateway : "sandbox";
  result.attempt = inv.step.attempt;
  return Outcome.success(JSON.stringify(result));
}

run(process);
