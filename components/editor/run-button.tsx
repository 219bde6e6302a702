"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { useEditor } from "./editor-context";
import { ParametersDialog } from "./parameters-dialog";

/** Runs the saved flow: asks for its parameters first (typed, with defaults), then opens the run. */
export function RunButton({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const dirty = useEditor((state) => state.dirty);
  const parameters = useEditor((state) => state.meta.parameters);
  const [asking, setAsking] = useState(false);
  const start = useMutation(
    trpc.run.start.mutationOptions({ onSuccess: (run) => router.push(`/runs/${run.id}`) }),
  );
  return (
    <>
      <Button
        disabled={dirty || start.isPending}
        title={
          dirty ? "Save the flow before running it (or Test the draft)" : "Run the saved version"
        }
        onClick={() => (parameters.length ? setAsking(true) : start.mutate({ flowId }))}
      >
        {start.isPending ? "Starting…" : "Run"}
      </Button>
      {start.error && !asking && (
        <div className="absolute top-14 right-4 z-10 max-w-md">
          <Alert tone="error">{start.error.message}</Alert>
        </div>
      )}
      {asking && (
        <ParametersDialog
          label="Run parameters"
          title="Run with parameters"
          submit="Start run"
          parameters={parameters}
          pending={start.isPending}
          error={start.error?.message}
          onStart={(values) => start.mutate({ flowId, parameters: values })}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}
