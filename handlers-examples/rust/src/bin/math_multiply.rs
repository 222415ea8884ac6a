//! `math_multiply`: multiplies the `value` of every dependency result, exactly.
//!
//! Each dependency result must be `{"value": "<decimal integer>"}` (a JSON integer is accepted too);
//! the result is `{"value": "<product>"}` as a decimal string of any length (arbitrary precision, see
//! `bigint`). Failures (not retryable): `validation_error` when there is no dependency result or a
//! `value` is not an integer.

use serde_json::json;
use tasker_handler::bigint::BigInt;
use tasker_handler::contract::{run, Invocation, StepError, Success};

fn main() {
    run(multiply);
}

fn multiply(inv: &Invocation) -> Result<Success, StepError> {
    if inv.dependency_results.is_empty() {
        return Err(StepError::validation("math_multiply needs at least one dependency result to multiply"));
    }
    let mut product = BigInt::parse("1").expect("1 is an integer");
    for (step, result) in &inv.dependency_results {
        let factor = result.get("value").and_then(BigInt::from_json).ok_or_else(|| {
            StepError::validation(format!("dependency_results.{}.value must be an integer or a decimal integer string", step))
        })?;
        product = product.mul(&factor);
    }
    Ok(Success::new(json!({ "value": product.to_string() })))
}
