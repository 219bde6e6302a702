// A QuickJS runtime with the standard library loaded, snapshotted: every execution starts from
// a copy of the same WebAssembly memory, so it gets a pristine runtime (nothing a previous one
// changed or allocated survives) without parsing the libraries again. Plain CommonJS for the
// worker. The host functions below are the only way out of the sandbox, and all are pure.
"use strict";
const crypto = require("node:crypto");
const { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } = require("quickjs-emscripten");
const { imageSource } = require("./stdlib/build.cjs");

const STACK_BYTES = 256 * 1024;
const PAGE = 64 * 1024;
const HEAP_MAX_BYTES = 160 * 1024 * 1024;
/** The smallest memory the QuickJS build accepts (256 pages). */
const INITIAL_BYTES = 16 * 1024 * 1024;
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

/** Zero gaps below the heap at least this long are the C stack (dead between calls). */
const STACK_GAP = 2 * 1024 * 1024;
/** Of such a gap, the low end is kept: zero static data (.bss) may sit there. */
const GAP_KEPT = 1024 * 1024;

/**
 * The parts of the memory an image must restore, as [from, to) byte ranges: everything up to its
 * last used page, less the C stack — the longest run of zero pages below the heap (`heapStart`,
 * the runtime's address), whose content is dead between calls — beyond its first megabyte.
 */
function ranges(memory, heapStart) {
  const words = new Uint32Array(memory.buffer);
  const pageWords = PAGE / 4;
  const pages = words.length / pageWords;
  const zero = (page) => {
    for (let i = page * pageWords, end = i + pageWords; i < end; i++) if (words[i]) return false;
    return true;
  };
  let last = pages - 1;
  while (last >= 0 && zero(last)) last--;
  const end = (last + 1) * PAGE;
  let gap = { from: 0, to: 0 };
  for (let page = 0, start = -1; page <= Math.floor(heapStart / PAGE); page++) {
    if (page < Math.floor(heapStart / PAGE) && zero(page)) {
      if (start < 0) start = page;
    } else if (start >= 0) {
      if ((page - start) * PAGE > gap.to - gap.from) gap = { from: start * PAGE, to: page * PAGE };
      start = -1;
    }
  }
  if (gap.to - gap.from < STACK_GAP) return [[0, end]];
  return [
    [0, gap.from + GAP_KEPT],
    [gap.to, end],
  ];
}

/**
 * A worker's image: QuickJS with the globals and, when `full`, the standard library loaded;
 * built once, restored before every execution. Each image has a WebAssembly instance of its own.
 */
async function createImage(full) {
  const memory = new WebAssembly.Memory({
    initial: INITIAL_BYTES / PAGE,
    maximum: HEAP_MAX_BYTES / PAGE,
  });
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
  const loaded = vm.evalCode(imageSource(full), full ? "stdlib.js" : "globals.js");
  if (loaded.error) {
    const error = vm.dump(loaded.error);
    throw new Error(`The sandbox's standard library failed to load: ${error && error.message}`);
  }
  loaded.value.dispose();
  const usage = runtime.computeMemoryUsage();
  const baseBytes = runtime.getSystemContext().dump(usage).memory_used_size;
  usage.dispose();
  const parts = ranges(memory, runtime.rt.value).map(([from, to]) => ({
    from,
    bytes: new Uint8Array(memory.buffer).slice(from, to),
  }));
  return {
    runtime,
    vm,
    /** Memory the library takes: an execution's limit comes on top of it. */
    baseBytes,
    /**
     * Back to the state right after the library loaded: every byte the image uses (the
     * allocator's state included). Above its last used page the allocator sees free memory, as
     * it did when every execution had a runtime of its own in this same memory: what lies there
     * is never readable (allocations are initialised), so it is not cleared.
     */
    restore() {
      const view = new Uint8Array(memory.buffer);
      for (const part of parts) view.set(part.bytes, part.from);
    },
    /** How many bytes a restore copies. */
    size: parts.reduce((total, part) => total + part.bytes.length, 0),
    /** True when an execution grew the memory far past the image (the worker should be replaced). */
    bloated: () => memory.buffer.byteLength > INITIAL_BYTES + 32 * 1024 * 1024,
  };
}

module.exports = { createImage, current };
