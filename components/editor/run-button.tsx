"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Modal } from "../ui/modal";
import { ParameterFields, readParameters } from "../flows/parameter-fields";
import { useEditor } from "./editor-context";

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
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = readParameters(new FormData(event.currentTarget), parameters);
    start.mutate({ flowId, parameters: values });
  };
  return (
    <>
      <Button
        disabled={dirty || start.isPending}
        title={dirty ? "Save the flow before running it" : "Run the saved version"}
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
        <Modal label="Run parameters" onClose={() => setAsking(false)}>
          <form onSubmit={submit} className="space-y-3">
            <h2 className="font-semibold">Run with parameters</h2>
            <ParameterFields parameters={parameters} />
            {start.error && <Alert tone="error">{start.error.message}</Alert>}
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setAsking(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={start.isPending}>
                Start run
              </Button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
