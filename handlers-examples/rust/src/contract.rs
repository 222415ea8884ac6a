//! The Tasker handler contract, version 1 (DESIGN §2): one step invocation JSON document on stdin,
//! one step result JSON document on stdout, diagnostics on stderr.
//!
//! A handler is a plain function `fn(&Invocation) -> Result<Success, StepError>`; [`run`] does the I/O:
//!
//! ```ignore
//! fn main() {
//!     tasker_handler::contract::run(|inv| Ok(Success::new(json!({"echo": inv.task.context}))));
//! }
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::io::{Read, Write};

/// Contract version this crate speaks (`contract_version` in the invocation).
pub const CONTRACT_VERSION: u32 = 1;

/// The step invocation read from stdin. Unknown fields are ignored so newer hosts stay compatible.
#[derive(Debug, Deserialize)]
pub struct Invocation {
    /// Always 1 for this contract.
    pub contract_version: u32,
    /// The task this step belongs to.
    pub task: TaskInfo,
    /// The workflow step being executed.
    pub step: StepInfo,
    /// The step's `handler.initialization` map from the task template (an empty object if none).
    #[serde(default = "empty_object")]
    pub config: Value,
    /// Results of completed ancestor steps, keyed by step name.
    #[serde(default)]
    pub dependency_results: Map<String, Value>,
}

/// `task` block of the invocation.
#[derive(Debug, Deserialize)]
pub struct TaskInfo {
    pub uuid: String,
    pub namespace: String,
    pub name: String,
    pub version: String,
    /// The task's input JSON (validated against the template's `input_schema` before the task starts).
    #[serde(default)]
    pub context: Value,
    #[serde(default)]
    pub correlation_id: Option<String>,
}

/// `step` block of the invocation.
#[derive(Debug, Deserialize)]
pub struct StepInfo {
    pub uuid: String,
    pub name: String,
    /// 1-based attempt number: 2 on the first retry.
    pub attempt: u32,
    pub max_attempts: u32,
    /// Step inputs, e.g. `{"cursor": {...}, "is_no_op": false}` for a batch worker; null otherwise.
    #[serde(default)]
    pub inputs: Value,
    #[serde(default)]
    pub checkpoint: Value,
}

fn empty_object() -> Value {
    Value::Object(Map::new())
}

impl Invocation {
    /// The result of the completed ancestor step `step`, or a non-retryable `missing_dependency` error.
    pub fn dependency(&self, step: &str) -> Result<&Value, StepError> {
        self.dependency_results.get(step).ok_or_else(|| {
            StepError::permanent(
                "missing_dependency",
                format!("dependency_results has no result for step '{}'", step),
            )
        })
    }

    /// The string at `config.<key>`, if present.
    pub fn config_str(&self, key: &str) -> Option<&str> {
        self.config.get(key).and_then(Value::as_str)
    }
}

/// A successful step result: `result` plus optional domain events.
#[derive(Debug)]
pub struct Success {
    result: Value,
    events: Vec<Value>,
}

impl Success {
    /// A success whose `result` is `result`.
    pub fn new(result: Value) -> Self {
        Success { result, events: Vec::new() }
    }

    /// Adds a domain event `{name, payload}` to the step result's `events`.
    pub fn with_event(mut self, name: &str, payload: Value) -> Self {
        self.events.push(json!({ "name": name, "payload": payload }));
        self
    }

    fn to_json(&self) -> Value {
        let mut out = json!({ "success": true, "result": self.result, "metadata": {} });
        if !self.events.is_empty() {
            out["events"] = Value::Array(self.events.clone());
        }
        out
    }
}

/// A typed step failure (`error` block of a failed step result).
#[derive(Debug, Serialize)]
pub struct StepError {
    /// Human-readable, names the offending field.
    pub message: String,
    /// Machine-readable category, e.g. `validation_error`.
    pub error_type: String,
    /// Whether the orchestrator may run the step again.
    pub retryable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Delay in ms the handler asks for before the next attempt (retryable failures only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

impl StepError {
    /// A failure the orchestrator must not retry (bad input, business rule refusal).
    pub fn permanent(error_type: &str, message: impl Into<String>) -> Self {
        StepError {
            message: message.into(),
            error_type: error_type.to_string(),
            retryable: false,
            error_code: None,
            retry_after_ms: None,
        }
    }

    /// A failure the orchestrator may retry (a transient condition).
    pub fn transient(error_type: &str, message: impl Into<String>) -> Self {
        StepError { retryable: true, ..StepError::permanent(error_type, message) }
    }

    /// A non-retryable `validation_error` naming the bad field.
    pub fn validation(message: impl Into<String>) -> Self {
        StepError::permanent("validation_error", message)
    }

    /// Sets `error_code`.
    pub fn with_code(mut self, code: &str) -> Self {
        self.error_code = Some(code.to_string());
        self
    }

    /// Sets `retry_after_ms`.
    pub fn with_retry_after_ms(mut self, ms: u64) -> Self {
        self.retry_after_ms = Some(ms);
        self
    }

    fn to_json(&self) -> Value {
        json!({ "success": false, "error": self, "metadata": {} })
    }
}

/// Reads the invocation from stdin, calls `handler`, writes the step result to stdout.
///
/// An invocation that is not valid JSON of the contract's shape becomes a non-retryable
/// `invalid_invocation` failure; the process always exits 0 after writing a valid result.
pub fn run<F>(handler: F)
where
    F: FnOnce(&Invocation) -> Result<Success, StepError>,
{
    let outcome = read_invocation().and_then(|inv| handler(&inv));
    let document = match outcome {
        Ok(success) => success.to_json(),
        Err(error) => {
            eprintln!("step failed: {}: {}", error.error_type, error.message);
            error.to_json()
        }
    };
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &document).expect("writing the step result to stdout");
    stdout.flush().expect("flushing stdout");
}

fn read_invocation() -> Result<Invocation, StepError> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(|e| StepError::permanent("invalid_invocation", format!("reading stdin: {}", e)))?;
    let inv: Invocation = serde_json::from_slice(&input).map_err(|e| {
        StepError::permanent("invalid_invocation", format!("step invocation is not valid: {}", e))
    })?;
    if inv.contract_version != CONTRACT_VERSION {
        return Err(StepError::permanent(
            "invalid_invocation",
            format!("contract_version {} is not supported (expected {})", inv.contract_version, CONTRACT_VERSION),
        ));
    }
    Ok(inv)
}
