// dataset_process_batch: the batch_worker step of the batch example. Processes the items of one
// cursor range [start_cursor, end_cursor) of a synthetic sensor dataset.
//
// Item i's reading is ((i * 2654435761) mod 2^32) mod 1000 (Knuth's multiplicative hash: a
// deterministic, well-spread stand-in for real data that any test can recompute).
// Inputs (set by the orchestrator, DESIGN §4): {"cursor": {batch_id, start_cursor, end_cursor,
// batch_size}, "is_no_op": false}, or {"is_no_op": true} when the dataset had no batches.
// Result: {batch_id, start_cursor, end_cursor, count, sum, sum_of_squares, min, max}; sums are
// decimal strings (u64 range), min/max are omitted for an empty batch.
// Failures (not retryable): validation_error when the cursor is missing or inverted.
import { JSON } from "json-as";
import { Invocation, Outcome, run } from "./tasker/contract";

const KNUTH_MULTIPLIER: u32 = 2654435761;
const READING_RANGE: u32 = 1000;

@json
class Cursor {
  batch_id: string = "";
  start_cursor: i64 = -1;
  end_cursor: i64 = -1;
}

@json
class BatchResult {
  batch_id: string = "000";
  start_cursor: i64 = 0;
  end_cursor: i64 = 0;
  count: i64 = 0;
  sum: string = "0";
  sum_of_squares: string = "0";
  @omitif((self: BatchResult) => self.count == 0)
  min: i64 = 0;
  @omitif((self: BatchResult) => self.count == 0)
  max: i64 = 0;
}

function reading(index: i64): u64 {
  return <u64>((<u32>index * KNUTH_MULTIPLIER) % READING_RANGE);
}

function processBatch(inv: Invocation): Outcome {
  const inputs = inv.step.inputs;
  const result = new BatchResult();
  if (inputs == null) {
    return Outcome.invalid("step.inputs is null: dataset_process_batch runs as a batch_worker step");
  }
  const noOp = inputs.get("is_no_op");
  if (noOp != null && noOp.type == JSON.Types.Bool && noOp.get<bool>()) {
    return Outcome.success(JSON.stringify(result));
  }
  const cursorValue = inputs.get("cursor");
  if (cursorValue == null) {
    return Outcome.invalid("step.inputs.cursor is missing");
  }
  const cursor = JSON.parse<Cursor>(JSON.stringify(cursorValue));
  if (cursor.batch_id.length == 0 || cursor.start_cursor < 0 || cursor.end_cursor < cursor.start_cursor) {
    return Outcome.invalid("step.inputs.cursor needs batch_id and 0 <= start_cursor <= end_cursor");
  }

  let sum: u64 = 0;
  let sumOfSquares: u64 = 0;
  let min: u64 = u64.MAX_VALUE;
  let max: u64 = 0;
  for (let i = cursor.start_cursor; i < cursor.end_cursor; i++) {
    const value = reading(i);
    sum += value;
    sumOfSquares += value * value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  result.batch_id = cursor.batch_id;
  result.start_cursor = cursor.start_cursor;
  result.end_cursor = cursor.end_cursor;
  result.count = cursor.end_cursor - cursor.start_cursor;
  result.sum = sum.toString();
  result.sum_of_squares = sumOfSquares.toString();
  result.min = <i64>min;
  result.max = <i64>max;
  return Outcome.success(JSON.stringify(result));
}

run(processBatch);
