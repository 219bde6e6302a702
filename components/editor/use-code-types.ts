"use client";

import { useMemo } from "react";
import { codeDeclarations } from "@/lib/code/declarations";
import type { TypeDiagnostic, TypeService } from "@/lib/code/types";
import { useTRPCClient } from "../trpc/client";
import { useEditor } from "./editor-context";
import { useSample } from "./use-sample";

type Client = ReturnType<typeof useTRPCClient>;

/** Recent checks by code and declarations: the Problems panel and the open editor share them. */
const checks = new Map<string, Promise<TypeDiagnostic[]>>();
const KEPT = 100;

/** The type errors of `code` with these globals, asked once for both of its readers. */
export function checkTypes(client: Client, code: string, declarations: string) {
  const key = `${declarations}\u0000${code}`;
  let found = checks.get(key);
  if (!found) {
    found = client.code.check.mutate({ code, declarations });
    // A failure (the checker busy or stopped) is not kept: the next edit asks again.
    found.catch(() => checks.delete(key));
    if (checks.size >= KEPT) checks.delete(checks.keys().next().value!);
    checks.set(key, found);
  }
  return found;
}

/** True when the node is a code node written in TypeScript. */
export const useIsTypeScript = (nodeId: string) =>
  useEditor((state) => {
    const node = state.nodes.find((candidate) => candidate.id === nodeId);
    return node?.type === "block" && node.data.config.language === "typescript";
  });

/**
 * The type checker for one code node: its globals typed from the flow (parameters, upstream
 * sample outputs, secrets), or null when the node is not TypeScript.
 */
export function useTypeService(nodeId: string, typescript: boolean): TypeService | null {
  const client = useTRPCClient();
  const { completion } = useSample(nodeId);
  const declarations = useMemo(() => codeDeclarations(completion), [completion]);
  return useMemo(
    () =>
      typescript
        ? {
            check: (code) => checkTypes(client, code, declarations),
            hover: (code, offset) => client.code.hover.mutate({ code, declarations, offset }),
            complete: (code, offset) => client.code.complete.mutate({ code, declarations, offset }),
          }
        : null,
    [client, declarations, typescript],
  );
}
