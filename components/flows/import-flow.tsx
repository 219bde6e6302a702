"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { inputClass } from "../ui/field";

/** Import a flow document from a file or pasted JSON; a bad document shows the path at fault. */
export function ImportFlow() {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [parseError, setParseError] = useState<string>();
  const importFlow = useMutation(
    trpc.flow.import.mutationOptions({ onSuccess: (flow) => router.push(`/flows/${flow.id}`) }),
  );
  const submit = () => {
    try {
      importFlow.mutate({ document: JSON.parse(text) });
      setParseError(undefined);
    } catch (error) {
      setParseError(`Not valid JSON: ${(error as Error).message}`);
    }
  };
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Import flow
      </Button>
    );
  }
  return (
    <div className="w-full max-w-xl space-y-2" role="group" aria-label="Import flow">
      <label className="block text-sm font-medium" htmlFor="import-json">
        Flow document (JSON)
      </label>
      <textarea
        id="import-json"
        rows={6}
        className={`${inputClass} font-mono text-xs`}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <input
        type="file"
        accept="application/json,.json"
        aria-label="Flow document file"
        onChange={(e) => void e.target.files?.[0]?.text().then(setText)}
      />
      {(parseError ?? importFlow.error) && (
        <p role="alert" className="text-sm text-red-600">
          {parseError ?? importFlow.error?.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button onClick={submit} disabled={!text.trim() || importFlow.isPending}>
          Import
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
