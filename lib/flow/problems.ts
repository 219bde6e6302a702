import { blockById } from "../blocks/catalog";
import { configSchema } from "../blocks/fields";
import type { FlowDocument } from "./document";
import { issuePath } from "./document";
import { importRefusal, isStdlibModule } from "../code/stdlib";
import {
  importsIn,
  javascriptSyntaxError,
  jsonataIn,
  jsonataSyntaxError,
} from "../expressions/syntax";
import { hasExpression } from "../expressions/template";
import { nodesOnCycles, referencedNodes, upstreamIndex } from "./graph";
import { STEP_LIMIT, stepBudget } from "./step-budget";

/** Something wrong with a flow, pinned to a node, edge or field where it can be. */
export interface Problem {
  severity: "error" | "warning";
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Path inside the document, e.g. `nodes[2].config.url`. */
  path?: string;
  /** A draft's gap (an empty required field): the version saves, but cannot run until filled. */
  blocksRun?: boolean;
}

function strings(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value))
    value.forEach((item, index) => strings(item, `${path}[${index}]`, out));
  else if (value && typeof value === "object")
    for (const [key, inner] of Object.entries(value)) strings(inner, `${path}.${key}`, out);
  return out;
}

/** Every problem of a (schema-valid) document: graph rules, block configs, expression references. */
export function findProblems(doc: FlowDocument): Problem[] {
  const problems: Problem[] = [];
  const error = (message: string, where: Omit<Problem, "severity" | "message"> = {}) =>
    problems.push({ severity: "error", message, ...where });
  const nodeIds = new Set<string>();
  doc.nodes.forEach((node, index) => {
    if (nodeIds.has(node.id))
      error(`Duplicate node id "${node.id}"`, { nodeId: node.id, path: `nodes[${index}].id` });
    nodeIds.add(node.id);
  });
  const byId = new Map(doc.nodes.map((node) => [node.id, node]));
  const edgeIds = new Set<string>();
  const links = new Set<string>();
  doc.edges.forEach((edge, index) => {
    const path = `edges[${index}]`;
    if (edgeIds.has(edge.id))
      error(`Duplicate edge id "${edge.id}"`, { edgeId: edge.id, path: `${path}.id` });
    edgeIds.add(edge.id);
    for (const end of ["source", "target"] as const) {
      if (!nodeIds.has(edge[end]))
        error(`Edge ${edge.id} points at unknown node "${edge[end]}"`, {
          edgeId: edge.id,
          path: `${path}.${end}`,
        });
    }
    const link = `${edge.source}>${edge.target}>${edge.sourceHandle}`;
    if (links.has(link)) error(`Edge ${edge.id} repeats another edge`, { edgeId: edge.id, path });
    links.add(link);
    const source = byId.get(edge.source);
    const outputs = source ? blockById(source.block)?.outputs : undefined;
    if (
      outputs &&
      edge.sourceHandle !== "error" &&
      !outputs.includes(edge.sourceHandle as "true")
    ) {
      error(`An edge out of "${source!.name}" must leave from its true or false handle`, {
        edgeId: edge.id,
        nodeId: source!.id,
        path: `${path}.sourceHandle`,
      });
    }
    if (source && !outputs && edge.sourceHandle !== null && edge.sourceHandle !== "error") {
      error(`"${source.name}" has no "${edge.sourceHandle}" handle`, {
        edgeId: edge.id,
        path: `${path}.sourceHandle`,
      });
    }
  });
  const isUpstream = upstreamIndex([...nodeIds], doc.edges);
  const connected = new Set(doc.edges.flatMap((edge) => [edge.source, edge.target]));
  for (const id of nodesOnCycles([...nodeIds], doc.edges))
    error(`"${id}" is on a cycle: flows must not loop`, { nodeId: id });

  doc.nodes.forEach((node, index) => {
    const path = `nodes[${index}]`;
    const block = blockById(node.block);
    if (!block) {
      error(`Unknown block "${node.block}"`, { nodeId: node.id, path: `${path}.block` });
      return;
    }
    const parsed = configSchema(block.fields, true).safeParse(node.config);
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys)
          error(`${block.label} has no setting "${key}"`, {
            nodeId: node.id,
            path: `${path}.config.${key}`,
          });
        continue;
      }
      const field = issuePath(issue.path);
      const label = block.fields.find((f) => f.key === issue.path[0])?.label ?? field;
      const value = node.config[String(issue.path[0])];
      // An empty required field is a draft, not a broken flow: it can be saved, not run.
      const missing =
        value === undefined || value === "" || (typeof value === "string" && !value.trim());
      problems.push({
        severity: missing ? "warning" : "error",
        message: missing ? `${label} is required` : `${label}: ${issue.message}`,
        nodeId: node.id,
        path: `${path}.config.${field}`,
        ...(missing ? { blocksRun: true } : {}),
      });
    }
    const filled = (key: string) => {
      const value = node.config[key];
      return value !== undefined && value !== null && !(typeof value === "string" && !value.trim());
    };
    if (block.oneOf && !block.oneOf.some(filled))
      problems.push({
        severity: "warning",
        message: `${block.label} needs ${block.oneOf
          .map((key) => block.fields.find((f) => f.key === key)?.label ?? key)
          .join(" or ")}`,
        nodeId: node.id,
        path: `${path}.config.${block.oneOf[0]}`,
        blocksRun: true,
      });
    for (const [where, text] of strings(node.config, `${path}.config`)) {
      for (const ref of referencedNodes(text)) {
        if (!isUpstream(node.id, ref)) {
          const why = nodeIds.has(ref) ? "is not upstream of this node" : "does not exist";
          error(`{{ nodes.${ref} }} ${why}`, { nodeId: node.id, path: where });
        }
      }
    }
    for (const field of block.fields) {
      const value = node.config[field.key];
      // Broken JSONata is found here, at save, not when a run reaches it.
      const broken =
        typeof value === "string"
          ? jsonataIn(field, value).map(jsonataSyntaxError).find(Boolean)
          : undefined;
      if (broken)
        error(`${field.label}: ${broken}`, {
          nodeId: node.id,
          path: `${path}.config.${field.key}`,
        });
      const unparsed =
        field.kind === "code" && field.language === "javascript" && typeof value === "string"
          ? javascriptSyntaxError(value, node.config.language === "typescript")
          : null;
      if (field.kind === "code" && field.language === "javascript" && typeof value === "string")
        for (const { name, line } of importsIn(value, node.config.language === "typescript"))
          if (!isStdlibModule(name))
            error(`${field.label}: line ${line}: ${importRefusal(name)}`, {
              nodeId: node.id,
              path: `${path}.config.${field.key}`,
            });
      if (unparsed)
        problems.push({
          severity: "warning",
          message: `${field.label}: ${unparsed}`,
          nodeId: node.id,
          path: `${path}.config.${field.key}`,
        });
      if (field.kind === "code" && typeof value === "string" && hasExpression(value))
        problems.push({
          severity: "warning",
          message:
            field.language === "sql"
              ? `${field.label}: {{ }} is not expanded in SQL; pass values as $1, $2 … in Parameters`
              : `${field.label}: {{ }} is not expanded in code; use params, nodes, secrets and run as variables`,
          nodeId: node.id,
          path: `${path}.config.${field.key}`,
        });
    }
    if (!connected.has(node.id) && doc.nodes.length > 1)
      problems.push({
        severity: "warning",
        message: `"${node.name}" is not connected`,
        nodeId: node.id,
      });
  });
  const steps = stepBudget(doc);
  if (steps > STEP_LIMIT)
    problems.push({
      severity: "warning",
      message: `Too big to run: a run can take up to ${steps.toLocaleString("en")} steps (each attempt and retry wait is one) and Inngest stops a run at ${STEP_LIMIT.toLocaleString("en")}. Lower retries, or move part of the flow into a subflow.`,
      blocksRun: true,
    });
  return problems;
}
