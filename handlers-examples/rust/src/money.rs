//! Exact money amounts in integer minor units (cents).
//!
//! Amounts arrive as JSON numbers (`19.99`) or strings (`"19.99"`) and are parsed from their decimal
//! text, never through binary floating point, so `0.1 + 0.2` is exactly `0.30`. Results carry both
//! integer cents (`total_cents`) and a decimal string (`total`).

use serde_json::Value;

/// Largest amount accepted: 10^13 cents (100 billion), far below i64 overflow when summed.
const MAX_CENTS: i64 = 10_000_000_000_000;

/// Parses a non-negative amount with at most two decimals, e.g. `19.99`, `"5"`, `"0.5"`.
///
/// Returns `None` for negatives, more than two decimals, exponents or anything not a number/string.
pub fn parse_cents(value: &Value) -> Option<i64> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 13 || !all_digits(whole) || frac.len() > 2 || !all_digits(frac) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac_cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    let cents = whole * 100 + frac_cents;
    (cents <= MAX_CENTS).then(|| cents)
}

/// Formats cents as a decimal string with two decimals: 1999 → `"19.99"`.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{}{}.{:02}", sign, cents.abs() / 100, cents.abs() % 100)
}
