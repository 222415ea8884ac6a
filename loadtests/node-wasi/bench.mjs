#!/usr/bin/env node
// Node reference for the handler runtime (docs/benchmarks.md, "Chicory vs Node"): runs a WASI preview1 command
// module with Node's own WASI implementation (node:wasi, V8's WebAssembly engine) the way Tasker runs a step
// handler: per invocation a fresh WASI context and a fresh instance of the module (compiled once), the step
// invocation JSON on stdin, the step result JSON read back from stdout and parsed. Prints per-invocation latency.
//
//   node --expose-gc --no-warnings loadtests/node-wasi/bench.mjs --module aggregate.wasm \
//       --invocation loadtests/node-wasi/order-invocation.json [--warmup 2000] [--iterations 10000] \
//       [--gc-every 200] [--json]
//
// node:wasi takes stdin/stdout as file descriptors, so each invocation opens the invocation file for stdin and a
// truncated scratch file (on /dev/shm when available) for stdout; that cost is inside the measured time, as
// Chicory's in-memory stdin/stdout set-up is on the Java side.
// Node 20 crashes after a few hundred instances unless garbage is collected (ENVIRONMENT.md): the script calls
// gc() every --gc-every invocations, outside the measured time, and refuses to run without --expose-gc.
//
// Output: a human-readable summary, or with --json one line
//   {"engine":"node","node_version":"v20...","count":N,"p50_ms":..,"p95_ms":..,"p99_ms":..,"max_ms":..,"mean_ms":..,
//    "setup_mean_ms":..,"run_mean_ms":..,"collect_mean_ms":..}  (means per phase of an invocation)
// Percentiles use the nearest-rank method, like the Java harness (LatencySummary).

import { WASI } from 'node:wasi';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    module: { type: 'string' },
    invocation: { type: 'string' },
    warmup: { type: 'string', default: '2000' },
    iterations: { type: 'string', default: '10000' },
    'gc-every': { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
  },
});

function fail(message) {
  console.error(`bench.mjs: ${message}`);
  process.exit(2);
}

function positiveInt(name) {
  const value = Number(opts[name]);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a positive integer, got '${opts[name]}'`);
  return value;
}

if (!opts.module || !opts.invocation) fail('--module <file.wasm> and --invocation <file.json> are required');
if (typeof globalThis.gc !== 'function') fail('run node with --expose-gc (Node crashes after a few hundred WASI instances otherwise)');
const warmup = positiveInt('warmup');
const iterations = positiveInt('iterations');
const gcEvery = positiveInt('gc-every');

const module = new WebAssembly.Module(readFileSync(opts.module));
const invocationPath = opts.invocation;
const invocationBytes = readFileSync(invocationPath).length;
const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'tasker-node-wasi-'));
const stdoutPath = join(scratch, 'stdout.json');
const devNull = openSync('/dev/null', 'w');

// Time spent per phase over the measured invocations, ns: set-up (files, WASI context, instance), the guest's run
// (_start), and collecting the result (close, read, parse).
const phases = { setup: 0n, run: 0n, collect: 0n };

// One invocation: fresh WASI context and instance, stdin = the invocation, stdout captured and parsed.
function invoke(phaseTotals) {
  const started = process.hrtime.bigint();
  const stdin = openSync(invocationPath, 'r');
  const stdout = openSync(stdoutPath, 'w+');
  let instantiated;
  let ran;
  try {
    const wasi = new WASI({ version: 'preview1', args: [], env: {}, stdin, stdout, stderr: devNull, returnOnExit: true });
    const instance = new WebAssembly.Instance(module, wasi.getImportObject());
    instantiated = process.hrtime.bigint();
    const exitCode = wasi.start(instance);
    ran = process.hrtime.bigint();
    if (exitCode !== 0) throw new Error(`handler exited with status ${exitCode}`);
  } finally {
    closeSync(stdin);
    closeSync(stdout);
  }
  const result = JSON.parse(readFileSync(stdoutPath, 'utf8'));
  if (result.success !== true) throw new Error(`handler did not succeed: ${JSON.stringify(result)}`);
  if (phaseTotals) {
    phaseTotals.setup += instantiated - started;
    phaseTotals.run += ran - instantiated;
    phaseTotals.collect += process.hrtime.bigint() - ran;
  }
  return result;
}

function run(count, samples) {
  for (let i = 0; i < count; i++) {
    if (i % gcEvery === 0) globalThis.gc();
    const started = process.hrtime.bigint();
    invoke(samples ? phases : null);
    const elapsed = process.hrtime.bigint() - started;
    if (samples) samples[i] = Number(elapsed);
  }
}

function nearestRank(sorted, percent) {
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1];
}

let summary;
try {
  const first = invoke();
  run(warmup, null);
  const samples = new Float64Array(iterations);
  run(iterations, samples);
  samples.sort();
  const ms = (nanos) => nanos / 1e6;
  summary = {
    engine: 'node',
    node_version: process.version,
    module: opts.module,
    invocation_bytes: invocationBytes,
    result: first.result,
    count: iterations,
    p50_ms: ms(nearestRank(samples, 50)),
    p95_ms: ms(nearestRank(samples, 95)),
    p99_ms: ms(nearestRank(samples, 99)),
    max_ms: ms(samples[samples.length - 1]),
    mean_ms: ms(samples.reduce((a, b) => a + b, 0) / samples.length),
    setup_mean_ms: ms(Number(phases.setup) / iterations),
    run_mean_ms: ms(Number(phases.run) / iterations),
    collect_mean_ms: ms(Number(phases.collect) / iterations),
  };
} finally {
  closeSync(devNull);
  rmSync(scratch, { recursive: true, force: true });
}

if (opts.json) {
  console.log(JSON.stringify(summary));
} else {
  const us = (value) => `${(value * 1000).toFixed(0)} µs`;
  console.log(`node:wasi ${summary.node_version}, ${opts.module}, ${invocationBytes}-byte invocation, ${iterations} invocations after ${warmup} warm-up`);
  console.log(`p50 ${us(summary.p50_ms)}  p95 ${us(summary.p95_ms)}  p99 ${us(summary.p99_ms)}  max ${us(summary.max_ms)}  mean ${us(summary.mean_ms)}`);
  console.log(`mean per phase: set-up (files, WASI, instance) ${us(summary.setup_mean_ms)}, run ${us(summary.run_mean_ms)}, collect (close, read, parse) ${us(summary.collect_mean_ms)}`);
}
