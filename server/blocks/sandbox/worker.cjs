// A sandbox worker thread: runs user JavaScript in QuickJS (WebAssembly), each job from a fresh
// copy of the worker's image (image.cjs: the runtime with the standard library loaded). Plain
// CommonJS so it loads the same way under tsx, vitest and `next start`. The host (pool.ts) kills
// this thread if a job overruns. The WebAssembly memory has a fixed maximum, so no job can grow
// this thread's heap past it: QuickJS gets "out of memory" instead.
"use strict";
const { parentPort } = require("node:worker_threads");
const jsonata = require("jsonata");
const { createImage, current } = require("./image.cjs");

// The wrapper around the user's code takes this many lines before it (see `source` below).
const WRAPPER_LINES = 3;

/** The frames of the user's own code, with their line numbers in it: never the host's. */
function userFrames(stack) {
  const frames = [];
  for (const line of String(stack || "").split("\n")) {
    const match = /at (\S+) \(node\.js:(\d+)(?::(\d+))?\)/.exec(line);
    if (!match || Number(match[2]) <= WRAPPER_LINES) continue;
    const name = match[1] === "<anonymous>" || match[1] === "<eval>" ? "your code" : match[1];
    frames.push(
      `at ${name} (line ${Number(match[2]) - WRAPPER_LINES}${match[3] ? `:${match[3]}` : ""})`,
    );
  }
  return frames.slice(0, 5).join("\n") || undefined;
}

function describe(vm, handle) {
  const error = vm.dump(handle);
  handle.dispose();
  if (error && typeof error === "object")
    return {
      message: `${error.name || "Error"}: ${error.message || JSON.stringify(error)}`,
      frame: userFrames(error.stack),
    };
  return { message: String(error) };
}

function failure(explain, described) {
  return { error: explain(described.message), frame: described.frame };
}

/** Keeps what the node may keep of its console lines (see log-buffer.ts). */
function logTo(logs, job) {
  let logBytes = 0;
  return (level, text) => {
    if (logs.length >= job.logLines || logBytes >= job.logBytes) {
      logs.dropped = (logs.dropped || 0) + 1;
      return;
    }
    let message = text;
    if (logBytes + message.length > job.logBytes)
      message = message.slice(0, job.logBytes - logBytes);
    logBytes += message.length;
    logs.push({ level: level === "log" ? "info" : level, message, time: Date.now() });
  };
}

function run(images, job, logs) {
  // Code that requires nothing runs in the small image (it restores ten times faster).
  const image = job.libraries ? images.full : images.bare;
  const { runtime, vm } = image;
  image.restore();
  runtime.setMemoryLimit(image.baseBytes + job.memoryBytes);
  current.deadline = Date.now() + job.timeMs;
  current.stopped = null;
  current.log = logTo(logs, job);
  const explain = (message) => {
    if (
      current.stopped === "time" ||
      (/interrupted/.test(message) && Date.now() >= current.deadline)
    )
      return `The code ran longer than its time limit of ${job.timeMs} ms and was stopped`;
    if (/out of memory/.test(message))
      return `The code used more memory than its limit of ${Math.round(job.memoryBytes / 1048576)} MB`;
    if (/stack overflow/.test(message)) return `The code recursed too deeply (${message})`;
    return message;
  };
  const data = vm.newString(JSON.stringify(job.globals));
  vm.setProp(vm.global, "__weftInput", data);
  data.dispose();

  const names = Object.keys(job.globals);
  const source = `"use strict";
const __weft = JSON.parse(globalThis.__weftInput), __weftJson = JSON.stringify; delete globalThis.__weftInput;
(async function (${names.join(", ")}) {
${job.code}
})(${names.map((name) => `__weft.${name}`).join(", ")})
  .then((value) => __weftJson(value === undefined ? null : value));`;
  const evaluated = vm.evalCode(source, "node.js");
  if (evaluated.error) return failure(explain, describe(vm, evaluated.error));
  const promise = evaluated.value;
  try {
    const jobs = runtime.executePendingJobs();
    if (jobs.error) return failure(explain, describe(vm, jobs.error));
    const state = vm.getPromiseState(promise);
    if (state.type === "pending")
      return {
        error: "The code's promise never settled: the sandbox has no timers, network or host I/O",
      };
    if (state.type === "rejected") return failure(explain, describe(vm, state.error));
    const text = vm.getString(state.value);
    state.value.dispose();
    return { value: text };
  } finally {
    promise.dispose();
    current.log = () => {};
  }
}

/**
 * A JSONata expression over `job.input`, stopped by JSONata's own evaluation hooks once it runs
 * past `timeMs` or recurses deeper than `depth`. What those hooks cannot stop (a regular
 * expression's backtracking) the host stops by terminating this thread.
 */
async function evaluateJsonata(job) {
  const deadline = Date.now() + job.timeMs;
  let depth = 0;
  try {
    const expression = jsonata(job.expression);
    expression.assign(Symbol.for("jsonata.__evaluate_entry"), () => {
      depth++;
      if (depth > job.depth)
        throw new Error(`the expression recursed deeper than ${job.depth} levels`);
      if (Date.now() > deadline)
        throw new Error(`the expression ran longer than ${job.timeMs} ms and was stopped`);
    });
    expression.assign(Symbol.for("jsonata.__evaluate_exit"), () => {
      depth--;
    });
    const value = await expression.evaluate(job.input);
    return { value: value === undefined ? undefined : JSON.stringify(value) };
  } catch (error) {
    if (!error || !error.message) return { error: String(error) };
    // JSONata says where in the expression it stopped: position (1-based) and the token there.
    const where =
      typeof error.position === "number"
        ? ` (at position ${error.position}${error.token ? `, near "${error.token}"` : ""})`
        : "";
    return { error: `${error.message}${where}` };
  }
}

// The bare image is built before the first job; the host waits for "ready" before it starts a
// job's clock. The standard library's image (16 MB of memory and half a second) is built when the
// first job that requires a module asks for it ("libraries"), again before that job's clock.
const images = { bare: null, full: null };
const ready = createImage(false).then((bare) => (images.bare = bare));
let loading = null;
const loadLibraries = () => (loading ??= createImage(true).then((full) => (images.full = full)));
ready.then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ ready: false, error: String(error && error.message) }),
);
parentPort.on("message", async (job) => {
  if (job.kind === "libraries") {
    loadLibraries().then(
      () => parentPort.postMessage({ libraries: true }),
      (error) =>
        parentPort.postMessage({ libraries: false, error: String(error && error.message) }),
    );
    return;
  }
  if (job.kind === "jsonata") {
    parentPort.postMessage({
      id: job.id,
      ...(await evaluateJsonata(job)),
      logs: [],
      recycle: false,
    });
    return;
  }
  await ready;
  const logs = [];
  let result;
  try {
    result = run(images, job, logs);
    if (images.bare.bloated() || (images.full && images.full.bloated())) result.recycle = true;
  } catch (error) {
    result = {
      error: `The sandbox failed: ${error && error.message ? error.message : String(error)}`,
      recycle: true,
    };
  }
  parentPort.postMessage({
    id: job.id,
    ...result,
    logs,
    droppedLogs: logs.dropped || 0,
    recycle: Boolean(result.recycle),
  });
});
