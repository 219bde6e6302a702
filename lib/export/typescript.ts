// A flow document as a plain TypeScript module: one Inngest function, a step per node, the
// block's logic as ordinary code. Pure: the editor's Export menu and `weft export --ts` share it.
import { secretNames } from "../blocks/secret-references";
import { dynamicImports } from "../code/dynamic-imports";
import { expressionSource } from "../expressions/evaluate";
import { hasExpression } from "../expressions/template";
import type { FlowDocument, FlowEdge, FlowNode } from "../flow/document";
import { slugOf } from "../flow/format";
import { topologicalOrder } from "../flow/graph";
import { RUNTIME_SOURCE } from "./runtime-source";

/** A node the export could not turn into code: it became a stub that fails when it runs. */
export interface Stub {
  id: string;
  block: string;
  why: string;
}

export interface TypeScriptExport {
  source: string;
  stubs: Stub[];
  /** Environment variables the module reads secrets from. */
  secrets: string[];
  /** The event that starts a run. */
  event: string;
}

const NOT_EXPORTED: Record<string, string> = {
  "sql.query": "SQL runs through a connection string kept in a Weft secret",
  "notify.email": "email goes through Weft's SMTP sender",
  "flow.subflow": "a subflow starts runs of another Weft flow",
  "flow.block": "a team block runs a published version of another Weft flow",
  "storage.s3": "object storage goes through a Weft connection",
};

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with yield let static implements interface package private " +
    "protected public await async of undefined NaN Infinity eval arguments " +
    // Names the generated function uses itself.
    "after skip task resolve sleep approval scope finish params secrets run event step runId " +
    "inngest defaults input config signal http evaluate condition runCode notExported weftRun " +
    "Fatal z jsonata process Promise JSON Date fetch Buffer console"
  ).split(" "),
);

const camel = (text: string) =>
  text.replace(/[-_]+([A-Za-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const literal = (value: unknown) => JSON.stringify(value ?? null);

/** A value as a JavaScript literal: unquoted keys, on one line when short, else one key a line. */
export function jsLiteral(value: unknown, level = 0): string {
  if (value === null || typeof value !== "object") return literal(value);
  const pad = "  ".repeat(level + 1);
  const items = Array.isArray(value)
    ? value.map((item) => jsLiteral(item, level + 1))
    : Object.entries(value).map(
        ([key, inner]) =>
          `${key === "__proto__" ? `[${literal(key)}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? key : literal(key)}: ${jsLiteral(inner, level + 1)}`,
      );
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{ ", " }"];
  if (!items.length) return Array.isArray(value) ? "[]" : "{}";
  const inline = `${open}${items.join(", ")}${close}`;
  if (inline.length <= 72 && !inline.includes("\n")) return inline;
  return `${open.trim()}\n${items.map((item) => `${pad}${item},`).join("\n")}\n${"  ".repeat(level)}${close.trim()}`;
}
const indent = (text: string, spaces: number) =>
  text
    .split("\n")
    .map((line) => (line ? " ".repeat(spaces) + line : line))
    .join("\n");
/** A comment line's text, never closing the comment early. */
const commentText = (text: string) => text.replace(/\*\//g, "* /").replace(/\s+/g, " ");

function namer() {
  const used = new Set<string>();
  return (wanted: string) => {
    let name = camel(wanted);
    if (!/^[A-Za-z_$]/.test(name)) name = `n${name}`;
    if (RESERVED.has(name)) name = `${name}Node`;
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}${n}`;
    used.add(candidate);
    return candidate;
  };
}

const secretRef = (name: unknown) =>
  /^[A-Za-z_]\w*$/.test(String(name)) ? `secrets.${String(name)}` : `secrets[${literal(name)}]`;

function withoutKeys(config: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !keys.includes(key)));
}

function taskOptions(node: FlowNode, extra: Record<string, unknown> = {}) {
  const options: Record<string, unknown> = {};
  if (node.retries) options.retries = node.retries;
  if (node.retries && node.retryDelaySeconds !== 10)
    options.retryDelaySeconds = node.retryDelaySeconds;
  if (node.timeoutSeconds) options.timeoutSeconds = node.timeoutSeconds;
  Object.assign(options, extra);
  const entries = Object.entries(options).map(([key, value]) => `${key}: ${literal(value)}`);
  return entries.length ? `{ ${entries.join(", ")} }` : "{}";
}

/** `resolve("id", {…})` when the config holds `{{ }}`, else the literal itself. */
function resolvedConfig(node: FlowNode, config: Record<string, unknown>, level = 1) {
  const text = jsLiteral(config, level);
  return hasExpression(literal(config)) ? `await resolve(${literal(node.id)}, ${text})` : text;
}

interface NodeCode {
  /** The expression that runs the node (a promise of its result). */
  call: string;
  /** A module-level function the call uses (code nodes, stubs). */
  helper?: string;
  /** Why the node became a stub. */
  stub?: string;
  /** The modules a code node imports. */
  modules?: string[];
}

/** `@weft/crypto`, the code node library, on Node's crypto (added when a code node imports it). */
const WEFT_CRYPTO = `/** Weft's \`@weft/crypto\` for code nodes, on Node's crypto. */
function weftCrypto(crypto: typeof import("node:crypto")) {
  type Encoding = "hex" | "base64" | "base64url";
  return {
    hash: (algorithm: string, data: string, encoding: Encoding = "hex") =>
      crypto.createHash(algorithm).update(data).digest(encoding),
    hmac: (algorithm: string, key: string, data: string, encoding: Encoding = "hex") =>
      crypto.createHmac(algorithm, key).update(data).digest(encoding),
    randomBytes: (size: number, encoding: Encoding = "hex") =>
      crypto.randomBytes(size).toString(encoding),
    randomUUID: () => crypto.randomUUID(),
    timingSafeEqual: (a: string, b: string) =>
      a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b)),
  };
}`;

/** How an exported code node loads a module it imported. */
const loadModule = (module: string) =>
  module === "@weft/crypto"
    ? `weftCrypto(await import("node:crypto"))`
    : `(await import(${literal(module)}))`;

/** A node the export cannot write: a function that fails when it runs, saying why. */
function stubCode(node: FlowNode, name: string, why: string): NodeCode {
  const id = literal(node.id);
  return {
    stub: why,
    call: `task(${id}, ${taskOptions(node)}, () => ${name}Code({ input, ...scope }))`,
    helper: [
      `/**`,
      ` * TODO(weft export): "${commentText(node.name)}" (node ${node.id}, ${node.block}) was not exported:`,
      ` * ${why}. Its config in Weft: ${commentText(JSON.stringify(node.config))}`,
      ` */`,
      `async function ${name}Code(_args: CodeArgs): Promise<unknown> {`,
      `  return notExported(${id}, ${literal(node.block)}, ${literal(why)});`,
      `}`,
    ].join("\n"),
  };
}

function nodeCode(node: FlowNode, name: string): NodeCode {
  const id = literal(node.id);
  const config = node.config;
  const options = taskOptions(node);
  const data = "{ input, ...scope }";
  // A Weft connection's settings and secrets live in Weft: such a node becomes a stub.
  if (typeof config.connectionId === "string" && config.connectionId)
    return stubCode(
      node,
      name,
      "it uses a Weft connection (settings and secrets are not exported): give it a secret instead",
    );
  switch (node.block) {
    case "http.request": {
      const auth: string[] = [];
      if (config.bearerSecret) auth.push(`bearer: ${secretRef(config.bearerSecret)}`);
      if (config.basicPasswordSecret)
        auth.push(`basicPassword: ${secretRef(config.basicPasswordSecret)}`);
      const fields = withoutKeys(config, ["bearerSecret", "basicPasswordSecret"]);
      const request = auth.length
        ? `{ ...(${resolvedConfig(node, fields)}), ${auth.join(", ")} }`
        : resolvedConfig(node, fields);
      return {
        call: `task(${id}, ${options}, async (signal) =>\n  http(${request}, signal),\n)`,
      };
    }
    case "code.javascript": {
      // Imports stay where they were, as `await import(…)`: the body lives inside a function.
      const { code, modules } = dynamicImports(String(config.code ?? ""), loadModule);
      return {
        modules,
        call: `task(${id}, ${options}, () => runCode(${name}Code, ${data}))`,
        helper: [
          `/** "${commentText(node.name)}" (node ${node.id}): the node's JavaScript, as written in Weft. */`,
          `async function ${name}Code({ input, params, nodes, secrets, run }: CodeArgs): Promise<unknown> {`,
          indent(code.trim(), 2),
          `}`,
        ].join("\n"),
      };
    }
    case "transform.jsonata":
      return {
        call: `task(${id}, ${options}, async () => (await evaluate(${literal(String(config.expression ?? ""))}, ${data})) ?? null)`,
      };
    case "logic.condition": {
      const expression = config.expression;
      const source =
        typeof expression === "string"
          ? expressionSource(expression)
          : String(Boolean(expression ?? false));
      return {
        call: `task(${id}, ${taskOptions(node, { branchOn: "result" })}, () => condition(${literal(source)}, ${data}))`,
      };
    }
    case "flow.delay":
      return { call: `sleep(${id}, ${jsLiteral(config, 1)})` };
    case "flow.approval":
      return { call: `approval(${id}, approvalDecided.name, ${jsLiteral(config, 1)})` };
    case "notify.webhook": {
      const resolved = resolvedConfig(node, config, 1);
      return {
        call: [
          `task(${id}, ${options}, async (signal) => {`,
          `  const { url, headers, body, text } = ${resolved};`,
          `  const request = { method: "POST", url, headers: headers as never, bodyType: "json" };`,
          `  return http({ ...request, body: body ?? { text: text ?? "" }, timeoutSeconds: 30 }, signal);`,
          `})`,
        ].join("\n"),
      };
    }
    case "notify.slack": {
      const resolved = resolvedConfig(node, { text: config.text ?? "" });
      return {
        call: [
          `task(${id}, ${options}, async (signal) => {`,
          `  const { text } = ${resolved};`,
          `  const body = { text: String(text ?? "") };`,
          `  const url = ${secretRef(config.webhookSecret)};`,
          `  const request = { method: "POST", url, bodyType: "json", responseType: "text" };`,
          `  const { status } = await http({ ...request, body, timeoutSeconds: 30 }, signal);`,
          `  return { status };`,
          `})`,
        ].join("\n"),
      };
    }
    default:
      return stubCode(
        node,
        name,
        NOT_EXPORTED[node.block] ?? "this version of Weft has no export for the block",
      );
  }
}

/** `a.status === "completed"` style test of whether data flows along an edge. */
function active(edge: FlowEdge, parent: string) {
  if (edge.sourceHandle === "error") return `${parent}.status === "failed"`;
  if (edge.sourceHandle) return `${parent}.branch === "${edge.sourceHandle}"`;
  return `${parent}.status === "completed"`;
}

/** When a node is skipped (Weft's rule): a parent failed without routing here, or no edge is active. */
function skipTest(edges: FlowEdge[], names: Map<string, string>) {
  if (edges.length === 1) {
    const parent = names.get(edges[0]!.source)!;
    const edge = edges[0]!;
    if (edge.sourceHandle === "error") return `${parent}.status !== "failed"`;
    if (edge.sourceHandle) return `${parent}.branch !== "${edge.sourceHandle}"`;
    return `${parent}.status !== "completed"`;
  }
  const failures = [
    ...new Set(edges.filter((e) => e.sourceHandle !== "error").map((e) => names.get(e.source)!)),
  ].map((parent) => `${parent}.status === "failed"`);
  const any = edges.map((edge) => active(edge, names.get(edge.source)!)).join(" || ");
  return [...failures, `!(${any})`].join(" || ");
}

function inputOf(edges: FlowEdge[], names: Map<string, string>) {
  if (edges.length === 0) return "null";
  if (edges.length === 1) return `${names.get(edges[0]!.source)!}.output`;
  return (
    edges
      .map((edge) => `${active(edge, names.get(edge.source)!)} ? ${names.get(edge.source)!}.output`)
      .join(" : ") + " : null"
  );
}

function describe(node: FlowNode, edges: FlowEdge[]) {
  const notes = [`// ── "${commentText(node.name)}" (${node.block})`];
  const branches = edges.filter((edge) => edge.sourceHandle);
  if (branches.length)
    notes.push(
      `// Runs on ${branches.map((edge) => `the ${edge.sourceHandle} route of ${edge.source}`).join(" or ")}.`,
    );
  if (node.cache)
    notes.push(
      `// Weft cached its output for ${node.cache.ttlSeconds} s (key ${commentText(node.cache.key)}); here it runs every time.`,
    );
  return notes.join("\n");
}

const PARAMETER_SCHEMA = {
  string: "z.string()",
  number: "z.number()",
  boolean: "z.boolean()",
  json: "z.unknown()",
} as const;

export interface ExportOrigin {
  flowId?: string;
  version?: number;
  /** YYYY-MM-DD, for the header. */
  date?: string;
}

/** The flow as one TypeScript module (see docs/cli.md, "Export to TypeScript"). */
export function exportTypeScript(doc: FlowDocument, origin: ExportOrigin = {}): TypeScriptExport {
  const flowSlug = slugOf(doc.name);
  const name = namer();
  const words = doc.name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^[^A-Za-z]+/, "") || "flow";
  const fnName = name(words.charAt(0).toLowerCase() + words.slice(1));
  const eventName = name(`${fnName}-requested`);
  const event = `flows/${flowSlug}.run`;
  const nodeNames = new Map(doc.nodes.map((node) => [node.id, name(node.id)]));
  const byId = new Map(doc.nodes.map((node) => [node.id, node]));
  const order = topologicalOrder(
    doc.nodes.map((node) => node.id),
    doc.edges,
  ).order;

  const stubs: Stub[] = [];
  const helpers: string[] = [];
  const modules = new Set<string>();
  const steps: string[] = [];
  for (const id of order) {
    const node = byId.get(id)!;
    const own = nodeNames.get(id)!;
    const edges = doc.edges.filter((edge) => edge.target === id && byId.has(edge.source));
    const code = nodeCode(node, own);
    if (code.stub) stubs.push({ id, block: node.block, why: code.stub });
    if (code.helper) helpers.push(code.helper);
    for (const module of code.modules ?? []) modules.add(module);
    const parents = [...new Set(edges.map((edge) => nodeNames.get(edge.source)!))];
    const usesInput = code.call.includes("input");
    const body = edges.length
      ? [
          `if (${skipTest(edges, nodeNames)}) return skip(${literal(id)});`,
          ...(usesInput ? [`const input = ${inputOf(edges, nodeNames)};`] : []),
          `return ${code.call};`,
        ]
      : [...(usesInput ? ["const input = null;"] : []), `return ${code.call};`];
    const list = `[${parents.join(", ")}]`;
    steps.push(
      [
        describe(node, edges),
        `const ${own} = after(${list}, ${edges.length ? `(${list})` : "()"} => {`,
        indent(body.join("\n"), 2),
        `});`,
      ].join("\n"),
    );
  }

  const stubbed = new Set(stubs.map((stub) => stub.id));
  const secrets = [
    ...new Set(doc.nodes.filter((node) => !stubbed.has(node.id)).flatMap(secretNames)),
  ].sort();
  const hasApproval = doc.nodes.some((node) => node.block === "flow.approval");
  const errorRouted = [
    ...new Set(doc.edges.filter((e) => e.sourceHandle === "error").map((e) => e.source)),
  ];
  const required = doc.parameters.filter((p) => p.required && p.default === undefined);
  const defaults = Object.fromEntries(
    doc.parameters.filter((p) => p.default !== undefined).map((p) => [p.name, p.default]),
  );
  const text = steps.join("\n");
  const used = ["after", "skip", "task", "resolve", "sleep", "approval", "finish"].filter(
    (helper) => helper === "finish" || text.includes(`${helper}(`),
  );
  if (text.includes("...scope")) used.push("scope");

  const header = [
    `// "${commentText(doc.name)}", exported from Weft${origin.flowId ? ` (flow ${origin.flowId}${origin.version ? `, version ${origin.version}` : ""})` : ""}${origin.date ? ` on ${origin.date}` : ""}.`,
    ...(doc.description ? [`// ${commentText(doc.description)}`] : []),
    `//`,
    `// One Inngest function, \`${fnName}\`: each node is a step named by its id, a node runs once its`,
    `// parents have ended (branches in parallel), and a node whose parent failed or took another route`,
    `// is skipped — the rules of a Weft run. Serve it like any Inngest function, e.g.`,
    `//   serve({ client: inngest, functions: [${fnName}] })`,
    `// and start a run by sending "${event}" with the parameters as the event's data.`,
    `// Needs: npm install ${["inngest", "jsonata", "zod", ...[...modules].filter((m) => !["zod", "@weft/crypto"].includes(m)).sort()].join(" ")}. Code nodes are the flow's JavaScript, typed loosely`,
    `// (\`any\`); under \`noImplicitAny\`, give their callbacks' parameters types.`,
    secrets.length
      ? `// Secrets are read from environment variables: ${secrets.join(", ")}.`
      : `// The flow uses no secrets.`,
    ...(stubs.length
      ? [
          `// Not exported (stubs that fail when they run; search for TODO): ${stubs.map((s) => `${s.id} (${s.block})`).join(", ")}.`,
        ]
      : []),
  ];

  const parameterFields = doc.parameters.map((p) => {
    const optional = required.includes(p) ? "" : ".optional()";
    const doc = p.description ? ` // ${commentText(p.description)}` : "";
    return `    ${p.name}: ${PARAMETER_SCHEMA[p.type]}${optional},${doc}`;
  });

  const source = [
    ...header,
    `import { eventType, Inngest, NonRetriableError } from "inngest";`,
    `import jsonata from "jsonata";`,
    `import { z } from "zod";`,
    ``,
    `export const inngest = new Inngest({ id: ${literal(flowSlug)} });`,
    ``,
    `/** Starts a run; its data are the flow's parameters. */`,
    `export const ${eventName} = eventType(${literal(event)}, {`,
    parameterFields.length
      ? `  schema: z.object({\n${parameterFields.join("\n")}\n  }),`
      : `  schema: z.object({}),`,
    `});`,
    ...(hasApproval
      ? [
          ``,
          `/** Decides a waiting approval node: send it with the run's id and the node's id. */`,
          `export const approvalDecided = eventType(${literal(`flows/${flowSlug}.approval`)}, {`,
          `  schema: z.object({`,
          `    runId: z.string(),`,
          `    nodeId: z.string(),`,
          `    approved: z.boolean(),`,
          `    by: z.string(),`,
          `    at: z.string(),`,
          `    comment: z.string().optional(),`,
          `  }),`,
          `});`,
        ]
      : []),
    ``,
    `const defaults = ${jsLiteral(defaults)};`,
    ``,
    `export const ${fnName} = inngest.createFunction(`,
    `  { id: ${literal(flowSlug)}, name: ${literal(doc.name)}, retries: 5, triggers: [${eventName}] },`,
    `  async ({ event, step, runId }) => {`,
    `    const params: Record<string, unknown> = { ...defaults, ...event.data };`,
    `    const secrets: Record<string, string> = {`,
    ...secrets.map((secret) => `      ${literal(secret)}: process.env[${literal(secret)}] ?? "",`),
    `    };`,
    `    const run = {`,
    `      id: runId,`,
    `      flow: ${literal(origin.flowId ?? flowSlug)},`,
    `      startedAt: new Date(event.ts ?? 0).toISOString(),`,
    `      trigger: "api",`,
    `    };`,
    `    const { ${used.join(", ")} } = weftRun(step, { params, secrets, run });`,
    ``,
    indent(steps.join("\n\n"), 4),
    ``,
    `    await Promise.all([${order.map((id) => nodeNames.get(id)).join(", ")}]);`,
    `    return finish(${literal(errorRouted)});`,
    `  },`,
    `);`,
    ...(helpers.length ? [``, helpers.join("\n\n")] : []),
    ...(modules.has("@weft/crypto") ? [``, WEFT_CRYPTO] : []),
    ``,
    RUNTIME_SOURCE.trimEnd(),
    ``,
  ].join("\n");
  return { source, stubs, secrets, event };
}
