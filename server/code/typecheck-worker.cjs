// The code node type checker: one TypeScript language service on a worker thread, kept warm
// between requests (the library's declarations are read once). The host (typecheck.ts) limits
// its time and memory and replaces it when a request overruns: a type can take the checker a
// long time, and that must never be the server's time. Plain CommonJS for node:worker_threads.
"use strict";
const { parentPort } = require("node:worker_threads");
const { join } = require("node:path");
const ts = require("typescript");

const root = process.cwd();
const CODE = join(root, ".weft-code/node.ts");
const GLOBALS = join(root, ".weft-code/globals.d.ts");
const HEADER = "async function __weftBody() {";
const MAX_COMPLETIONS = 200;
/** What the node's code may import (lib/code/stdlib.ts, passed in by the host). */
const { modules } = require("node:worker_threads").workerData;

const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ["lib.es2022.d.ts"],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  paths: { "@weft/crypto": [join(root, "server/blocks/sandbox/stdlib/crypto.ts")] },
};

const open = new Map([
  [CODE, { text: "", version: 0 }],
  [GLOBALS, { text: "export {};", version: 0 }],
]);
const disk = new Map();
const resolutionHost = {
  fileExists: (name) => ts.sys.fileExists(name),
  readFile: (name) => ts.sys.readFile(name),
  getCurrentDirectory: () => root,
};
const resolutionCache = ts.createModuleResolutionCache(root, (name) => name, options);

/** The node's code resolves the standard library only: no relative or absolute path, so no
 * server file's types can be read through it. The libraries resolve their own imports. */
function resolveModuleNameLiterals(literals, containingFile) {
  return literals.map((literal) =>
    containingFile === CODE && !modules.includes(literal.text)
      ? { resolvedModule: undefined }
      : ts.resolveModuleName(
          literal.text,
          containingFile,
          options,
          resolutionHost,
          resolutionCache,
        ),
  );
}

const service = ts.createLanguageService(
  {
    getScriptFileNames: () => [CODE, GLOBALS],
    getScriptVersion: (name) => String(open.get(name)?.version ?? 0),
    getScriptSnapshot(name) {
      const file = open.get(name);
      if (file) return ts.ScriptSnapshot.fromString(file.text);
      if (!disk.has(name)) {
        const text = ts.sys.readFile(name);
        disk.set(name, text === undefined ? undefined : ts.ScriptSnapshot.fromString(text));
      }
      return disk.get(name);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
    fileExists: (name) => open.has(name) || ts.sys.fileExists(name),
    readFile: (name) => open.get(name)?.text ?? ts.sys.readFile(name),
    directoryExists: (name) => ts.sys.directoryExists(name),
    getDirectories: (name) => ts.sys.getDirectories(name),
    resolveModuleNameLiterals,
  },
  ts.createDocumentRegistry(),
);

/** `/// <reference path>` would read any file: the code's triple slashes become comments
 * (same length, so positions hold). */
const unreferenced = (code) => code.replace(/^(\s*)\/\/\/(?=\s*<)/gm, "$1// ");

/**
 * The code as the checker reads it: the body of an async function (as the sandbox runs it, so
 * `return` and `await` are checked), its imports moved after the function (imports are hoisted:
 * the same program) and blanked where they were, so every other offset moves by the header only.
 */
function wrap(code) {
  const source = ts.createSourceFile(CODE, code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const moved = [];
  let body = code;
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isImportEqualsDeclaration(statement)) continue;
    const start = statement.getStart(source);
    const text = code.slice(start, statement.end);
    moved.push({ from: start, text });
    body = body.slice(0, start) + text.replace(/[^\n]/g, " ") + body.slice(statement.end);
  }
  let text = `${HEADER}${unreferenced(body)}\n}\n`;
  const places = moved.map((item) => {
    const place = { checked: text.length, from: item.from, length: item.text.length };
    text += `${item.text}\n`;
    return place;
  });
  return {
    text,
    toChecked: (offset) => offset + HEADER.length,
    toSource(offset) {
      const place = places.find((p) => offset >= p.checked && offset <= p.checked + p.length);
      return place ? place.from + offset - place.checked : offset - HEADER.length;
    },
  };
}

function load(name, text) {
  const file = open.get(name);
  if (file.text !== text) open.set(name, { text, version: file.version + 1 });
}

function position(text, offset) {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before.at(-1).length + 1 };
}

function check(code, wrapped) {
  const found = [...service.getSyntacticDiagnostics(CODE), ...service.getSemanticDiagnostics(CODE)];
  return found
    .filter((diagnostic) => diagnostic.start !== undefined)
    .slice(0, 50)
    .map((diagnostic) => {
      const from = Math.max(0, Math.min(code.length, wrapped.toSource(diagnostic.start)));
      return {
        from,
        to: Math.min(code.length, from + (diagnostic.length ?? 0)),
        ...position(code, from),
        code: diagnostic.code,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
      };
    })
    .sort((a, b) => a.from - b.from);
}

function hover(offset, wrapped) {
  const info = service.getQuickInfoAtPosition(CODE, wrapped.toChecked(offset));
  if (!info) return null;
  const from = wrapped.toSource(info.textSpan.start);
  return {
    from,
    to: from + info.textSpan.length,
    type: ts.displayPartsToString(info.displayParts),
    documentation: ts.displayPartsToString(info.documentation ?? []),
  };
}

function complete(offset, wrapped) {
  const found = service.getCompletionsAtPosition(CODE, wrapped.toChecked(offset), {
    includeCompletionsForModuleExports: false,
    includeCompletionsWithInsertText: true,
  });
  if (!found) return null;
  return {
    member: found.isMemberCompletion,
    entries: found.entries
      .filter((entry) => !entry.name.startsWith("__weft"))
      .sort((a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name))
      .slice(0, MAX_COMPLETIONS)
      .map((entry) => ({ name: entry.name, kind: entry.kind })),
  };
}

parentPort.on("message", (request) => {
  let reply;
  try {
    const wrapped = wrap(request.code);
    load(CODE, wrapped.text);
    load(GLOBALS, request.declarations);
    reply =
      request.kind === "check"
        ? { diagnostics: check(request.code, wrapped) }
        : request.kind === "hover"
          ? { hover: hover(request.offset, wrapped) }
          : { completions: complete(request.offset, wrapped) };
  } catch (error) {
    reply = { error: String((error && error.message) || error) };
  }
  parentPort.postMessage({ id: request.id, ...reply });
});
