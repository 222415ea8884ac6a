//! `order_ship`: books the shipment of a validated, reserved and paid order.
//!
//! Reads `dependency_results` of `validate_order` (shipping method, item count), `reserve_inventory`
//! (`reservation_id`, `warehouse`) and `process_payment` (`payment_id`, `status`), and the shipping
//! address from the task context. Config: `carriers` (shipping method → `{carrier, transit_days}`).
//! Result: shipment with a tracking number derived from the task uuid (stable across retries).
//! Emits the domain event `order.shipped`.
//! Failures (not retryable): `payment_not_captured` when the payment status is not `captured`,
//! `configuration_error` when no carrier serves the shipping method.

use serde_json::{json, Value};
use tasker_handler::contract::{run, Invocation, StepError, Success};

fn main() {
    run(ship);
}

fn ship(inv: &Invocation) -> Result<Success, StepError> {
    let order = inv.dependency("validate_order")?;
    let reservation = inv.dependency("reserve_inventory")?;
    let payment = inv.dependency("process_payment")?;

    let payment_status = text(payment, "status")?;
    if payment_status != "captured" {
        return Err(StepError::permanent(
            "payment_not_captured",
            format!("process_payment status is '{}', expected 'captured'", payment_status),
        ));
    }
    let method = text(order, "shipping_method")?;
    let carrier = inv.config.pointer(&format!("/carriers/{}", method)).ok_or_else(|| {
        StepError::permanent("configuration_error", format!("config.carriers has no entry for shipping method '{}'", method))
    })?;
    let address = inv
        .task
        .context
        .pointer("/shipping/address")
        .ok_or_else(|| StepError::validation("context.shipping.address is missing"))?;

    let tracking_number = tracking_number(&inv.task.uuid);
    let shipment = json!({
        "shipment_id": format!("shp-{}", &tracking_number[2..14].to_lowercase()),
        "tracking_number": tracking_number,
        "carrier": carrier.get("carrier").cloned().unwrap_or(Value::Null),
        "estimated_transit_days": carrier.get("transit_days").cloned().unwrap_or(Value::Null),
        "shipping_method": method,
        "ship_to": address,
        "units": order.get("item_count").cloned().unwrap_or(Value::Null),
        "warehouse": reservation.get("warehouse").cloned().unwrap_or(Value::Null),
        "reservation_id": text(reservation, "reservation_id")?,
        "payment_id": text(payment, "payment_id")?,
        "status": "shipped",
    });
    let event = json!({
        "customer_id": order.get("customer_id").cloned().unwrap_or(Value::Null),
        "tracking_number": shipment["tracking_number"],
        "carrier": shipment["carrier"],
    });
    Ok(Success::new(shipment).with_event("order.shipped", event))
}

/// `1Z` + the first 16 hex digits of the task uuid, upper case: stable for every attempt of the step.
fn tracking_number(task_uuid: &str) -> String {
    let hex: String = task_uuid.chars().filter(char::is_ascii_hexdigit).take(16).collect();
    format!("1Z{:0<16}", hex.to_uppercase())
}

/// The string field `field` of a dependency result, or a non-retryable `invalid_dependency_result`.
fn text<'a>(result: &'a Value, field: &str) -> Result<&'a str, StepError> {
    result.get(field).and_then(Value::as_str).ok_or_else(|| {
        StepError::permanent("invalid_dependency_result", format!("dependency result has no string field '{}'", field))
    })
}
