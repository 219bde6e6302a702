"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { inputClass } from "../ui/field";
import { useReadOnly } from "./editor-context";
import { ConfirmBanner } from "./confirm-banner";

interface Props {
  flowId: string;
  viewing?: number;
  onView(number: number | undefined): void;
  comparing?: number;
  onCompare(number: number | undefined): void;
  onRestored(): void;
}

/** Every saved version: open one read-only, or restore it as the newest version. */
export function HistoryPanel({ flowId, viewing, onView, comparing, onCompare, onRestored }: Props) {
  const trpc = useTRPC();
  const readOnly = useReadOnly();
  const versions = useQuery(trpc.flow.versions.queryOptions({ flowId }));
  const restore = useMutation(trpc.flow.restore.mutationOptions({ onSuccess: onRestored }));
  const latest = versions.data?.[0]?.number;
  return (
    <section aria-label="Version history" className="space-y-2 p-4 text-sm">
      <h2 className="text-xs font-semibold text-zinc-500 uppercase">Versions</h2>
      {restore.error?.data?.code === "PRECONDITION_FAILED" ? (
        <ConfirmBanner
          message={restore.error.message}
          confirm="Restore anyway"
          onConfirm={() => restore.mutate({ ...restore.variables!, acceptBreaking: true })}
          onCancel={() => restore.reset()}
        />
      ) : (
        restore.error && <p className="text-red-600">{restore.error.message}</p>
      )}
      {versions.data && versions.data.length > 1 && (
        <form
          aria-label="Compare two versions"
          className="flex flex-wrap items-end gap-2 rounded border border-zinc-200 p-2 dark:border-zinc-800"
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const [from, to] = [Number(form.get("from")), Number(form.get("to"))].sort(
              (a, b) => a - b,
            );
            if (from === to) return;
            onView(to);
            onCompare(from);
          }}
        >
          {(["from", "to"] as const).map((side, index) => (
            <label key={side} className="grid gap-1 text-xs">
              {side === "from" ? "From version" : "To version"}
              <select
                name={side}
                defaultValue={versions.data[index === 0 ? 1 : 0]!.number}
                className={`${inputClass} py-1`}
              >
                {versions.data.map((v) => (
                  <option key={v.number} value={v.number}>
                    {v.number}
                    {v.message ? ` — ${v.message.slice(0, 30)}` : ""}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <Button type="submit" variant="secondary">
            Compare versions
          </Button>
        </form>
      )}
      <ul className="space-y-2">
        {versions.data?.map((version) => (
          <li
            key={version.number}
            aria-label={`Version ${version.number}`}
            className="rounded border border-zinc-200 p-2 dark:border-zinc-800"
          >
            <p className="font-medium">
              Version {version.number}{" "}
              {version.number === latest && (
                <span className="text-xs text-emerald-600">latest</span>
              )}
            </p>
            <p className="text-xs text-zinc-500">
              {version.author?.name ?? "Someone"}, {version.createdAt.toLocaleString()}
            </p>
            {version.message && <p className="text-xs">{version.message}</p>}
            <div className="mt-1 flex gap-2">
              {version.number !== latest && (
                <Button
                  variant="ghost"
                  onClick={() => onView(viewing === version.number ? undefined : version.number)}
                >
                  {viewing === version.number ? "Back to latest" : "Open"}
                </Button>
              )}
              {version.number !== latest && (
                <Button
                  variant="ghost"
                  aria-pressed={comparing === version.number}
                  onClick={() =>
                    onCompare(comparing === version.number ? undefined : version.number)
                  }
                >
                  Compare
                </Button>
              )}
              {version.number !== latest && !readOnly && (
                <Button
                  variant="ghost"
                  disabled={restore.isPending}
                  onClick={() => restore.mutate({ flowId, number: version.number })}
                >
                  Restore
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
