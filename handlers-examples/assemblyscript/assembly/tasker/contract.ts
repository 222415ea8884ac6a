// Tasker handler contract, version 1 (DESIGN §2), for AssemblyScript handlers built with the WASI
// shim and json-as: read one step invocation JSON document from stdin, write one step result JSON
// document to stdout. A handler is a function from Invocation to Outcome:
//
//   function handle(inv: Invocation): Outcome { return Outcome.success('{"ok":true}'); }
//   run(handle);
import { JSON } from "json-as";
import { fd_read, fd_write } from "bindings/wasi_snapshot_preview1";

const STDIN: u32 = 0;
const STDOUT: u32 = 1;
const STDERR: u32 = 2;

/** `task` block: the task this step belongs to. */
@json
export class TaskInfo {
  uuid: string = "";
  namespace: string = "";
  name: string = "";
  version: string = "";
  /** The task's input JSON. */
  context: JSON.Obj = new JSON.Obj();
  correlation_id: string | null = null;
}

/** `step` block: the workflow step being executed. */
@json
export class StepInfo {
  uuid: string = "";
  name: string = "";
  /** 1-based attempt number. */
  attempt: i32 = 0;
  max_attempts: i32 = 0;
  /** e.g. {"cursor": {...}, "is_no_op": false} for a batch worker; null otherwise. */
  inputs: JSON.Obj | null = null;
}

/** The step invocation read from stdin. Unknown fields are ignored. */
@json
export class Invocation {
  contract_version: i32 = 0;
  task: TaskInfo = new TaskInfo();
  step: StepInfo = new StepInfo();
  /** handler.initialization from the task template. */
  config: JSON.Obj = new JSON.Obj();
  /** Step name -> result of each completed ancestor step. */
  dependency_results: JSON.Obj = new JSON.Obj();
}

/** The `error` block of a failed step result. */
@json
export class StepError {
  message: string = "";
  error_type: string = "";
  retryable: bool = false;
  @omitnull()
  error_code: string | null = null;
  /** Delay in ms asked before the next attempt; omitted when negative. */
  @omitif((self: StepError) => self.retry_after_ms < 0)
  retry_after_ms: i64 = -1;
}

@json
class SuccessDocument {
  success: bool = true;
  result: JSON.Raw = new JSON.Raw("null");
  @omitnull()
  batch_processing_outcome: JSON.Raw | null = null;
  metadata: JSON.Obj = new JSON.Obj();
}

@json
class FailureDocument {
  success: bool = false;
  error: StepError = new StepError();
  metadata: JSON.Obj = new JSON.Obj();
}

/** What a handler returns: a success carrying result JSON text, or a typed failure. */
export class Outcome {
  constructor(
    public result: string | null,
    public error: StepError | null,
    public batchProcessingOutcome: string | null = null,
  ) {}

  /** A success whose `result` is the JSON text `resultJson` (e.g. from JSON.stringify). */
  static success(resultJson: string): Outcome {
    return new Outcome(resultJson, null);
  }

  /** A failure the orchestrator must not retry (bad input, refused by a business rule). */
  static permanent(errorType: string, message: string, errorCode: string | null = null): Outcome {
    const error = new StepError();
    error.message = message;
    error.error_type = errorType;
    error.error_code = errorCode;
    return new Outcome(null, error);
  }

  /** A failure the orchestrator may retry, optionally after `retryAfterMs` ms. */
  static transient(errorType: string, message: string, retryAfterMs: i64 = -1): Outcome {
    const outcome = Outcome.permanent(errorType, message);
    outcome.error!.retryable = true;
    outcome.error!.retry_after_ms = retryAfterMs;
    return outcome;
  }

  /** A non-retryable `validation_error`. */
  static invalid(message: string): Outcome {
    return Outcome.permanent("validation_error", message);
  }

  /** Adds a batch_processing_outcome (JSON text) to a success (batchable steps, DESIGN §4). */
  withBatchProcessingOutcome(outcomeJson: string): Outcome {
    this.batchProcessingOutcome = outcomeJson;
    return this;
  }
}

/** Parses the result of ancestor step `stepName` as T, or returns null when there is none. */
export function dependency<T>(inv: Invocation, stepName: string): T | null {
  const value = inv.dependency_results.get(stepName);
  return value == null ? null : JSON.parse<T>(JSON.stringify(value));
}

/** Formats integer cents as a decimal string with two decimals: 22043 -> "220.43". */
export function formatCents(cents: i64): string {
  const sign = cents < 0 ? "-" : "";
  const abs = cents < 0 ? -cents : cents;
  const fraction = (abs % 100).toString();
  return sign + (abs / 100).toString() + "." + (fraction.length < 2 ? "0" + fraction : fraction);
}

/** Reads the invocation, calls `handler`, writes the step result. */
export function run(handler: (inv: Invocation) => Outcome): void {
  const inv = JSON.parse<Invocation>(readAll(STDIN));
  const outcome = inv.contract_version == 1
    ? handler(inv)
    : Outcome.permanent("invalid_invocation", "contract_version " + inv.contract_version.toString() + " is not supported (expected 1)");
  const error = outcome.error;
  if (error != null) {
    writeAll(STDERR, "step failed: " + error.error_type + ": " + error.message + "\n");
    const document = new FailureDocument();
    document.error = error;
    writeAll(STDOUT, JSON.stringify(document));
  } else {
    const document = new SuccessDocument();
    document.result = new JSON.Raw(outcome.result!);
    const batches = outcome.batchProcessingOutcome;
    document.batch_processing_outcome = batches == null ? null : new JSON.Raw(batches);
    writeAll(STDOUT, JSON.stringify(document));
  }
}

function readAll(fd: u32): string {
  let buffer = new ArrayBuffer(64 * 1024);
  let used = 0;
  const iov = new ArrayBuffer(16);
  const iovPtr = changetype<usize>(iov);
  while (true) {
    if (used == buffer.byteLength) {
      const grown = new ArrayBuffer(buffer.byteLength * 2);
      memory.copy(changetype<usize>(grown), changetype<usize>(buffer), used);
      buffer = grown;
    }
    store<usize>(iovPtr, changetype<usize>(buffer) + used);
    store<usize>(iovPtr, buffer.byteLength - used, sizeof<usize>());
    const errno = fd_read(fd, iovPtr, 1, iovPtr + 2 * sizeof<usize>());
    const n = <i32>load<usize>(iovPtr, 2 * sizeof<usize>());
    if (errno != 0 || n == 0) break;
    used += n;
  }
  return String.UTF8.decodeUnsafe(changetype<usize>(buffer), used);
}

function writeAll(fd: u32, text: string): void {
  const bytes = String.UTF8.encode(text);
  const iov = new ArrayBuffer(16);
  const iovPtr = changetype<usize>(iov);
  let written = 0;
  while (written < bytes.byteLength) {
    store<usize>(iovPtr, changetype<usize>(bytes) + written);
    store<usize>(iovPtr, bytes.byteLength - written, sizeof<usize>());
    const errno = fd_write(fd, iovPtr, 1, iovPtr + 2 * sizeof<usize>());
    if (errno != 0) return;
    written += <i32>load<usize>(iovPtr, 2 * sizeof<usize>());
  }
}
