//! `math_multiply`: multiplies the `value` of the dependency results of the steps listed in
//! `config.input_steps`, exactly.
//!
//! Each of those results must be `{"value": "<decimal integer>"}` (a JSON integer is accepted too);
//! the result is `{"value": "<product>"}` as a decimal string of any length (arbitrary precision, see
//! `bigint`). The steps are named because `dependency_results` holds every completed ancestor, not
//! only the direct parents. Failures (not retryable): `configuration_error` when `input_steps` is not
//! a non-empty list of step names, `missing_dependency` when one has no result, `validation_error`
//! when a `value` is not an integer.

use serde_json::{json, Value};
use tasker_handler::bigint::BigInt;
use tasker_handler::contract::{run, Invocation, StepError, Success};

fn main() {
    run(multiply);
}

fn multiply(inv: &Invocation) -> Result<Success, StepError> {
    let steps = inv
        .config
        .get("input_steps")
        .and_then(Value::as_array)
        .filter(|steps| !steps.is_empty() && steps.iter().all(Value::is_string))
        .ok_or_else(|| StepError::permanent("configuration_error", "config.input_steps must be a non-empty list of step names"))?;
    let mut product = BigInt::parse("1").expect("1 is an integer");
    for step in steps.iter().filter_map(Value::as_str) {
        let factor = inv.dependency(step)?.get("value").and_then(BigInt::from_json).ok_or_else(|| {
            StepError::validation(format!("dependency_results.{}.value must be an integer or a decimal integer string", step))
        })?;
        product = product.mul(&factor);
    }
    Ok(Success::new(json!({ "value": product.to_string() })))
}
