// A QuickJS runtime with the standard library loaded, snapshotted: every execution starts from
// a copy of the same WebAssembly memory, so it gets a pristine runtime (nothing a previous one
// changed or allocated survives) without parsing the libraries again. Plain CommonJS for the
// worker. The host functions below are the only way out of the sandbox, and all are pure.
"use strict";
const crypto = require("node:crypto");
const { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } = require("quickjs-emscripten");
const { stdlibSource } = require("./stdlib/build.cjs");

const STACK_BYTES = 256 * 1024;
const PAGE = 64 * 1024;
const HEAP_MAX_BYTES = 160 * 1024 * 1024;
const ALGORITHMS = new Set(["md5", "sha1", "sha256", "sha384", "sha512"]);
const ENCODINGS = new Set(["hex", "base64", "base64url"]);
const MAX_RANDOM_BYTES = 65536;

/** What the host functions act on: the execution under way (set by the worker). */
const current = { deadline: 0, stopped: null, log: () => {} };

const offsets = new Map();
/** Minutes east of UTC in `zone` at `epochMs`, from Node's Intl. */
function zoneOffset(zone, epochMs) {
  let format = offsets.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    } catch {
      throw new RangeError(`Invalid time zone specified: ${zone}`);
    }
    offsets.set(zone, format);
  }
  const match = /GMT([+-])(\d\d):(\d\d)/.exec(format.format(new Date(epochMs)));
  return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

function digest(algorithm, data, key, encoding) {
  if (!ALGORITHMS.has(algorithm))
    throw new Error(`Unknown algorithm "${algorithm}": use one of ${[...ALGORITHMS].join(", ")}`);
  if (!ENCODINGS.has(encoding))
    throw new Error(`Unknown encoding "${encoding}": use one of ${[...ENCODINGS].join(", ")}`);
  const hash =
    key === undefined ? crypto.createHash(algorithm) : crypto.createHmac(algorithm, String(key));
  return hash.update(String(data), "utf8").digest(encoding);
}

/** Defines `__weftHost` in `vm`. The handles are kept (never disposed), so no execution can
 * make the functions unreachable and have them freed under the next one. */
function defineHost(vm) {
  const host = vm.newObject();
  const define = (name, fn) => vm.setProp(host, name, vm.newFunction(name, fn));
  define("random", () => vm.newNumber(Math.random()));
  define("randomBytes", (size) => {
    const n = vm.getNumber(size);
    if (!Number.isInteger(n) || n < 0 || n > MAX_RANDOM_BYTES)
      throw new RangeError(`randomBytes takes 0 to ${MAX_RANDOM_BYTES} bytes, not ${n}`);
    const bytes = crypto.randomBytes(n);
    return vm.newArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n));
  });
  define("digest", (...args) => {
    const [algorithm, data, key, encoding] = args.map((arg) => vm.dump(arg));
    return vm.newString(digest(algorithm, data, key, encoding));
  });
  define("zoneOffset", (zone, epochMs) =>
    vm.newNumber(zoneOffset(vm.getString(zone), vm.getNumber(epochMs))),
  );
  define("log", (level, message) => {
    current.log(vm.getString(level), vm.getString(message));
  });
  vm.setProp(vm.global, "__weftHost", host);
}

/** A worker's image: built once (about half a second), restored before every execution. */
async function createImage() {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: HEAP_MAX_BYTES / PAGE });
  const quickjs = await newQuickJSWASMModuleFromVariant(
    newVariant(RELEASE_SYNC, { wasmMemory: memory }),
  );
  const runtime = quickjs.newRuntime();
  runtime.setMaxStackSize(STACK_BYTES);
  runtime.setInterruptHandler(() => {
    if (Date.now() >= current.deadline) current.stopped = "time";
    return current.stopped !== null;
  });
  const vm = runtime.newContext();
  // Handles the library caches on first use must exist in the snapshot, not after it.
  for (const handle of [vm.global, vm.undefined, vm.null, vm.true, vm.false]) void handle;
  defineHost(vm);
  current.deadline = Infinity;
  const loaded = vm.evalCode(stdlibSource(), "stdlib.js");
  if (loaded.error) {
    const error = vm.dump(loaded.error);
    throw new Error(`The sandbox's standard library failed to load: ${error && error.message}`);
  }
  loaded.value.dispose();
  const usage = runtime.computeMemoryUsage();
  const baseBytes = runtime.getSystemContext().dump(usage).memory_used_size;
  usage.dispose();
  const snapshot = new Uint8Array(memory.buffer).slice();
  return {
    runtime,
    vm,
    /** Memory the library takes: an execution's limit comes on top of it. */
    baseBytes,
    /** Back to the state right after the library loaded. */
    restore() {
      const view = new Uint8Array(memory.buffer);
      view.set(snapshot);
      if (view.length > snapshot.length) view.fill(0, snapshot.length);
    },
    /** True when an execution grew the memory far past the image (the worker should be replaced). */
    bloated: () => memory.buffer.byteLength > snapshot.length + 32 * 1024 * 1024,
  };
}

module.exports = { createImage, current };
