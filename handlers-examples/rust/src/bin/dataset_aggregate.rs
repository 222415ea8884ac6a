//! `dataset_aggregate`: the `deferred_convergence` step of the batch example; combines the results of
//! every batch worker into dataset statistics.
//!
//! Reads from `dependency_results`: the batchable step's result (`config.partition_step`, default
//! `partition_dataset`: `{total_items, worker_template_name}`) and every worker result whose step name
//! starts with `<worker_template_name>_` (`{batch_id, start_cursor, end_cursor, count, sum,
//! sum_of_squares, min, max}`, big numbers as decimal strings).
//! Result: `{batches, count, sum, sum_of_squares, min, max, mean}`; `mean` is a decimal string rounded
//! half up to 3 decimals (null for an empty dataset).
//! Failures (not retryable): `incomplete_batches` when the worker ranges do not cover
//! `[0, total_items)` exactly once; `invalid_dependency_result` for a malformed worker result.

use serde_json::{json, Value};
use tasker_handler::contract::{run, Invocation, StepError, Success};

fn main() {
    run(aggregate);
}

struct Batch {
    start: u64,
    end: u64,
    count: u64,
    sum: u128,
    sum_of_squares: u128,
    min: Option<u64>,
    max: Option<u64>,
}

fn aggregate(inv: &Invocation) -> Result<Success, StepError> {
    let partition_step = inv.config_str("partition_step").unwrap_or("partition_dataset");
    let partition = inv.dependency(partition_step)?;
    let total_items = partition.get("total_items").and_then(Value::as_u64).ok_or_else(|| {
        malformed(partition_step, "total_items")
    })?;
    let worker_template = partition.get("worker_template_name").and_then(Value::as_str).ok_or_else(|| {
        malformed(partition_step, "worker_template_name")
    })?;
    let prefix = format!("{}_", worker_template);

    let mut batches = Vec::new();
    for (step, result) in inv.dependency_results.iter().filter(|(name, _)| name.starts_with(&prefix)) {
        batches.push(read_batch(step, result)?);
    }
    batches.sort_by_key(|b| b.start);
    check_coverage(&batches, total_items)?;

    let count: u64 = batches.iter().map(|b| b.count).sum();
    let sum: u128 = batches.iter().map(|b| b.sum).sum();
    let sum_of_squares: u128 = batches.iter().map(|b| b.sum_of_squares).sum();
    let min = batches.iter().filter_map(|b| b.min).min();
    let max = batches.iter().filter_map(|b| b.max).max();
    Ok(Success::new(json!({
        "batches": batches.len(),
        "count": count,
        "sum": sum.to_string(),
        "sum_of_squares": sum_of_squares.to_string(),
        "min": min,
        "max": max,
        "mean": mean(sum, count),
    })))
}

fn read_batch(step: &str, result: &Value) -> Result<Batch, StepError> {
    let u64_field = |field: &str| result.get(field).and_then(Value::as_u64).ok_or_else(|| malformed(step, field));
    let big_field = |field: &str| {
        result
            .get(field)
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u128>().ok())
            .ok_or_else(|| malformed(step, field))
    };
    Ok(Batch {
        start: u64_field("start_cursor")?,
        end: u64_field("end_cursor")?,
        count: u64_field("count")?,
        sum: big_field("sum")?,
        sum_of_squares: big_field("sum_of_squares")?,
        min: result.get("min").and_then(Value::as_u64),
        max: result.get("max").and_then(Value::as_u64),
    })
}

/// Batches sorted by start must tile `[0, total_items)` with no gap or overlap, each fully counted.
fn check_coverage(batches: &[Batch], total_items: u64) -> Result<(), StepError> {
    let mut next = 0;
    for b in batches {
        if b.start != next || b.count != b.end - b.start {
            return Err(StepError::permanent(
                "incomplete_batches",
                format!("batch results do not cover the dataset: expected a batch starting at {}, got [{}, {}) with {} items",
                        next, b.start, b.end, b.count),
            ));
        }
        next = b.end;
    }
    if next != total_items {
        return Err(StepError::permanent(
            "incomplete_batches",
            format!("batch results cover [0, {}) but the dataset has {} items", next, total_items),
        ));
    }
    Ok(())
}

/// `sum / count` rounded half up to 3 decimals, as a string; null when `count` is 0.
fn mean(sum: u128, count: u64) -> Value {
    if count == 0 {
        return Value::Null;
    }
    let scaled = (sum * 1000 * 2 + count as u128) / (2 * count as u128);
    Value::String(format!("{}.{:03}", scaled / 1000, scaled % 1000))
}

fn malformed(step: &str, field: &str) -> StepError {
    StepError::permanent(
        "invalid_dependency_result",
        format!("dependency_results.{}.{} is missing or not a non-negative integer", step, field),
    )
}
