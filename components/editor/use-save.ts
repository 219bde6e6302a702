"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc/client";
import type { FlowDocument } from "@/lib/flow/document";
import { useEditorStore } from "./editor-context";

/** Saves the canvas as a new version; a CONFLICT stays in `error` for the editor to offer choices. */
export function useSave(flowId: string) {
  const trpc = useTRPC();
  const store = useEditorStore();
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.flow.save.mutationOptions({
      onSuccess: async (version, input) => {
        store.getState().markSaved(version.number, input.document as FlowDocument);
        await queryClient.invalidateQueries(trpc.flow.versions.queryFilter({ flowId }));
        await queryClient.invalidateQueries(trpc.flow.version.queryFilter({ flowId }));
      },
    }),
  );
  const save = (force = false, acceptBreaking = false) =>
    mutation.mutate({
      flowId,
      document: store.getState().document(),
      baseVersion: store.getState().baseVersion,
      message: store.getState().versionMessage.trim(),
      force,
      acceptBreaking,
    });
  return {
    save,
    mutation,
    conflict: mutation.error?.data?.code === "CONFLICT",
    /** The version would break schedules or webhooks: saving needs a confirmation. */
    breaking: mutation.error?.data?.code === "PRECONDITION_FAILED",
  };
}
