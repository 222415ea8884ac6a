//! `order_validate`: checks an order's context and prices it.
//!
//! Context: `customer {id, name, email}`, `items [{sku, quantity, price}]`, `payment {token, method}`,
//! `shipping {address {line1, city, postal_code, country}, method}`.
//! Config (`handler.initialization`): `currency` (default "USD"), `tax_rate_bps` (basis points, default 0),
//! `shipping_rates` (method → amount), `max_order_total` (amount; optional).
//! Result: priced lines, `subtotal`/`tax`/`shipping`/`total` as decimal strings plus `*_cents` integers.
//! Failures (never retryable): `validation_error` listing every bad field; `order_limit_exceeded` when
//! the total is above `max_order_total`.

use serde_json::{json, Value};
use std::collections::HashMap;
use tasker_handler::contract::{run, Invocation, StepError, Success};
use tasker_handler::money::{format_cents, parse_cents};

const MAX_ITEMS: usize = 100;
const MAX_QUANTITY: u64 = 1000;
const PAYMENT_METHODS: [&str; 3] = ["credit_card", "debit_card", "bank_transfer"];
const ADDRESS_FIELDS: [&str; 4] = ["line1", "city", "postal_code", "country"];

fn main() {
    run(validate);
}

struct Line {
    sku: String,
    quantity: u64,
    unit_cents: i64,
}

fn validate(inv: &Invocation) -> Result<Success, StepError> {
    let ctx = &inv.task.context;
    let mut problems = Vec::new();
    let shipping_rates = inv.config.get("shipping_rates").and_then(Value::as_object);

    let customer_id = required_str(ctx, "/customer/id", &mut problems);
    required_str(ctx, "/customer/name", &mut problems);
    let email = required_str(ctx, "/customer/email", &mut problems);
    if let Some(email) = email {
        let well_formed = email.split_once('@').map_or(false, |(user, host)| !user.is_empty() && host.contains('.'));
        if !well_formed {
            problems.push(format!("customer.email '{}' is not an email address", email));
        }
    }
    let lines = validate_items(ctx.get("items"), &mut problems);
    let token = required_str(ctx, "/payment/token", &mut problems);
    if let Some(token) = token {
        if !token.starts_with("tok_") {
            problems.push("payment.token must be a payment token starting with 'tok_'".to_string());
        }
    }
    let payment_method = required_str(ctx, "/payment/method", &mut problems);
    if let Some(method) = payment_method {
        if !PAYMENT_METHODS.contains(&method) {
            problems.push(format!("payment.method '{}' is not one of {}", method, PAYMENT_METHODS.join(", ")));
        }
    }
    for field in ADDRESS_FIELDS {
        required_str(ctx, &format!("/shipping/address/{}", field), &mut problems);
    }
    let shipping_method = required_str(ctx, "/shipping/method", &mut problems);
    let shipping_cents = shipping_method.and_then(|method| {
        let rate = shipping_rates.and_then(|rates| rates.get(method)).and_then(parse_cents);
        if rate.is_none() {
            let known: Vec<&str> = shipping_rates.map_or(Vec::new(), |r| r.keys().map(String::as_str).collect());
            problems.push(format!("shipping.method '{}' is not one of {}", method, known.join(", ")));
        }
        rate
    });
    if !problems.is_empty() {
        return Err(StepError::validation(problems.join("; ")).with_code("INVALID_ORDER"));
    }

    let tax_rate_bps = inv.config.get("tax_rate_bps").and_then(Value::as_i64).unwrap_or(0);
    let subtotal: i64 = lines.iter().map(|l| l.unit_cents * l.quantity as i64).sum();
    // Round half up to the cent: (subtotal * bps + 5000) / 10000.
    let tax = (subtotal * tax_rate_bps + 5_000) / 10_000;
    let shipping = shipping_cents.unwrap_or(0);
    let total = subtotal + tax + shipping;
    let currency = inv.config_str("currency").unwrap_or("USD");

    if let Some(limit_value) = inv.config.get("max_order_total") {
        let limit = parse_cents(limit_value).ok_or_else(|| {
            StepError::permanent("configuration_error", "config.max_order_total must be an amount like \"5000.00\"")
        })?;
        if total > limit {
            return Err(StepError::permanent(
                "order_limit_exceeded",
                format!("order total {} {} is above the limit of {} {}", format_cents(total), currency,
                        format_cents(limit), currency),
            )
            .with_code("ORDER_TOTAL_LIMIT"));
        }
    }

    let items: Vec<Value> = lines
        .iter()
        .map(|l| {
            let line_total = l.unit_cents * l.quantity as i64;
            json!({
                "sku": l.sku,
                "quantity": l.quantity,
                "unit_price": format_cents(l.unit_cents),
                "line_total": format_cents(line_total),
                "line_total_cents": line_total,
            })
        })
        .collect();
    Ok(Success::new(json!({
        "customer_id": customer_id,
        "items": items,
        "item_count": lines.iter().map(|l| l.quantity).sum::<u64>(),
        "currency": currency,
        "subtotal": format_cents(subtotal),
        "subtotal_cents": subtotal,
        "tax": format_cents(tax),
        "tax_cents": tax,
        "shipping": format_cents(shipping),
        "shipping_cents": shipping,
        "total": format_cents(total),
        "total_cents": total,
        "payment_method": payment_method,
        "shipping_method": shipping_method,
    })))
}

/// The non-empty string at JSON pointer `pointer`, or a problem naming the field.
fn required_str<'a>(ctx: &'a Value, pointer: &str, problems: &mut Vec<String>) -> Option<&'a str> {
    let field = pointer.trim_start_matches('/').replace('/', ".");
    match ctx.pointer(pointer) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.as_str()),
        Some(Value::String(_)) => {
            problems.push(format!("{} must not be empty", field));
            None
        }
        Some(other) => {
            problems.push(format!("{} must be a string, got {}", field, type_name(other)));
            None
        }
        None => {
            problems.push(format!("{} is missing", field));
            None
        }
    }
}

fn validate_items(items: Option<&Value>, problems: &mut Vec<String>) -> Vec<Line> {
    let items = match items {
        Some(Value::Array(items)) if !items.is_empty() && items.len() <= MAX_ITEMS => items,
        Some(Value::Array(items)) => {
            problems.push(format!("items must hold 1 to {} entries, got {}", MAX_ITEMS, items.len()));
            return Vec::new();
        }
        Some(other) => {
            problems.push(format!("items must be an array, got {}", type_name(other)));
            return Vec::new();
        }
        None => {
            problems.push("items is missing".to_string());
            return Vec::new();
        }
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let sku = match item.get("sku") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            _ => {
                problems.push(format!("items[{}].sku must be a non-empty string", i));
                continue;
            }
        };
        if let Some(first) = seen.insert(sku.clone(), i) {
            problems.push(format!("items[{}].sku '{}' repeats items[{}]", i, sku, first));
        }
        let quantity = item.get("quantity").and_then(Value::as_u64).filter(|q| (1..=MAX_QUANTITY).contains(q));
        if quantity.is_none() {
            problems.push(format!("items[{}].quantity must be an integer from 1 to {}", i, MAX_QUANTITY));
        }
        let unit_cents = item.get("price").and_then(parse_cents);
        if unit_cents.is_none() {
            problems.push(format!("items[{}].price must be a non-negative amount with at most 2 decimals", i));
        }
        if let (Some(quantity), Some(unit_cents)) = (quantity, unit_cents) {
            lines.push(Line { sku, quantity, unit_cents });
        }
    }
    lines
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
