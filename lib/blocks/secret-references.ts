import type { FlowNode } from "../flow/document";
import { blockById } from "./catalog";

/** Secret names a node reads: `secrets.NAME` anywhere in its config, and its secret fields' values. */
export function secretNames(node: Pick<FlowNode, "block" | "config">): string[] {
  const names = new Set<string>();
  for (const [, name] of JSON.stringify(node.config).matchAll(/secrets\.([A-Z][A-Z0-9_]*)/g))
    names.add(name!);
  for (const field of blockById(node.block)?.fields ?? []) {
    const value = node.config[field.key];
    if (field.kind === "secret" && typeof value === "string" && value) names.add(value);
  }
  return [...names];
}
