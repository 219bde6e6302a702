"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { blockById } from "@/lib/blocks/catalog";
import { TEMPLATES } from "@/lib/templates";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { FlowPreview } from "./flow-preview";

/** Starter flows, each previewed on a read-only canvas and created with one click. */
export function TemplateGallery({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(
    trpc.flow.fromTemplate.mutationOptions({
      onSuccess: (flow) => router.push(`/flows/${flow.id}`),
    }),
  );
  return (
    <div className="space-y-4">
      {create.error && <Alert tone="error">{create.error.message}</Alert>}
      <ul className="grid gap-4 lg:grid-cols-2">
        {TEMPLATES.map((template) => {
          const { document } = template;
          const blocks = [
            ...new Set(document.nodes.map((n) => blockById(n.block)?.label ?? n.block)),
          ];
          return (
            <li
              key={template.id}
              aria-label={document.name}
              className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
            >
              <div>
                <h2 className="font-semibold">{document.name}</h2>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{document.description}</p>
              </div>
              <FlowPreview document={document} label={`Preview of ${document.name}`} />
              <p className="text-xs text-zinc-500">
                Blocks: {blocks.join(", ")}
                {template.secrets.length > 0 && (
                  <> · Secrets to set: {template.secrets.join(", ")}</>
                )}
                {template.schedule && (
                  <> · Comes with a paused schedule ({template.schedule.cron})</>
                )}
              </p>
              {canEdit && (
                <Button
                  disabled={create.isPending}
                  aria-label={`Use ${document.name}`}
                  onClick={() => create.mutate({ templateId: template.id })}
                >
                  Use this template
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
