"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { fieldError, formError } from "@/lib/api-errors";
import { TEAM_BLOCK_ICONS } from "@/lib/schemas/team-block";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { SelectField, TextField } from "../ui/field";
import { useEditor, useReadOnly } from "./editor-context";
import { useTeamBlocks } from "./team-blocks";
import { useEditedFlowId } from "./test-run";

/**
 * Publishes the flow's last saved version as a block of the team's palette: its parameters are
 * the block's form, the chosen node's output its output. Publishing again offers the new version
 * to the flows that use the block; unpublishing is refused while they do (deprecate instead).
 */
export function PublishBlock() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flowId = useEditedFlowId();
  const readOnly = useReadOnly();
  const flowName = useEditor((state) => state.meta.name);
  // Strings only: the selector's result must compare equal while nothing changed.
  const ids = useEditor(
    useShallow((state) => state.nodes.flatMap((n) => (n.type === "block" ? [n.id] : []))),
  );
  const names = useEditor(
    useShallow((state) => state.nodes.flatMap((n) => (n.type === "block" ? [n.data.name] : []))),
  );
  const published = useTeamBlocks().find((block) => block.flowId === flowId);
  const [name, setName] = useState(published?.name ?? flowName);
  const [description, setDescription] = useState(published?.description ?? "");
  const [icon, setIcon] = useState(published?.icon ?? "box");
  const [result, setResult] = useState(published?.resultNodeId ?? "");
  const refresh = () => queryClient.invalidateQueries(trpc.flow.blocks.queryFilter());
  const publish = useMutation(trpc.flow.publish.mutationOptions({ onSuccess: refresh }));
  const unpublish = useMutation(trpc.flow.unpublish.mutationOptions({ onSuccess: refresh }));
  if (!flowId || readOnly) return null;
  return (
    <fieldset
      aria-label="Publish as block"
      className="space-y-2 border-t border-zinc-200 pt-3 dark:border-zinc-800"
    >
      <legend className="text-xs font-semibold text-zinc-500 uppercase">Team block</legend>
      {published ? (
        <p className="text-xs" role="status">
          Published as “{published.name}”, version {published.version}
          {published.deprecated ? " (deprecated)" : ""}.
        </p>
      ) : (
        <p className="text-xs text-zinc-500">
          Publish the last saved version to the team&apos;s palette: its parameters become the
          block&apos;s form.
        </p>
      )}
      <TextField
        label="Block name"
        value={name}
        error={fieldError(publish.error, "name")}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label="What the block does"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <SelectField label="Icon" value={icon} onChange={(e) => setIcon(e.target.value)}>
        {TEAM_BLOCK_ICONS.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </SelectField>
      <SelectField
        label="Result"
        value={result}
        error={fieldError(publish.error, "resultNodeId")}
        hint="The node whose output is the block's output"
        onChange={(e) => setResult(e.target.value)}
      >
        <option value="">The outputs of its last nodes</option>
        {ids.map((id, index) => (
          <option key={id} value={id}>
            {names[index]}
          </option>
        ))}
      </SelectField>
      {(formError(publish.error) || unpublish.error) && (
        <Alert tone="error">{formError(publish.error) ?? unpublish.error?.message}</Alert>
      )}
      {publish.data && !publish.error && (
        <Alert tone="success">Published version {publish.data.version}.</Alert>
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          disabled={publish.isPending}
          onClick={() =>
            publish.mutate({ flowId, name, description, icon: icon as "box", resultNodeId: result })
          }
        >
          {published ? "Publish the saved version" : "Publish as block"}
        </Button>
        {published && (
          <>
            <Button
              type="button"
              variant="ghost"
              onClick={() => unpublish.mutate({ flowId, deprecate: false })}
            >
              Unpublish
            </Button>
            {!published.deprecated && (
              <Button
                type="button"
                variant="ghost"
                onClick={() => unpublish.mutate({ flowId, deprecate: true })}
              >
                Deprecate
              </Button>
            )}
          </>
        )}
      </div>
    </fieldset>
  );
}
