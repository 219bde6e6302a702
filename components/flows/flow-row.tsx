"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/client";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import type { FlowActivity } from "@/server/flows/activity";
import { FlowActivitySummary } from "./flow-activity";

interface Flow {
  id: string;
  name: string;
  description: string;
  tags: string[];
  latestVersion: number;
  updatedAt: Date;
}

export function FlowRow({
  flow,
  activity,
  canEdit,
  onChanged,
}: {
  flow: Flow;
  activity?: FlowActivity;
  canEdit: boolean;
  onChanged(): void;
}) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const done = {
    onSuccess: () => {
      setEditing(false);
      onChanged();
    },
  };
  const update = useMutation(trpc.flow.update.mutationOptions(done));
  const duplicate = useMutation(trpc.flow.duplicate.mutationOptions(done));
  const remove = useMutation(trpc.flow.delete.mutationOptions(done));
  const error = update.error ?? duplicate.error ?? remove.error;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const tags = String(form.get("tags"))
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean);
    update.mutate({
      flowId: flow.id,
      name: String(form.get("name")),
      description: String(form.get("description")),
      tags,
    });
  };

  return (
    <li aria-label={flow.name} className="p-4">
      {editing ? (
        <form
          onSubmit={submit}
          aria-label={`Edit ${flow.name}`}
          className="grid gap-2 md:grid-cols-3"
        >
          <TextField label="Name" name="name" defaultValue={flow.name} />
          <TextField label="Description" name="description" defaultValue={flow.description} />
          <TextField
            label="Tags (comma separated)"
            name="tags"
            defaultValue={flow.tags.join(", ")}
          />
          <div className="flex gap-2">
            <Button type="submit">Save details</Button>
            <Button variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-4">
          <div className="min-w-0 flex-1">
            <Link
              href={`/flows/${flow.id}`}
              className="font-medium text-indigo-600 hover:underline"
            >
              {flow.name}
            </Link>
            {flow.description && (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{flow.description}</p>
            )}
            <p className="mt-1 flex flex-wrap gap-1 text-xs text-zinc-500">
              {flow.tags.map((tag) => (
                <span key={tag} className="rounded bg-zinc-100 px-1.5 dark:bg-zinc-800">
                  {tag}
                </span>
              ))}
              <span>
                version {flow.latestVersion} · updated {flow.updatedAt.toLocaleString()}
                {activity?.updatedBy && ` by ${activity.updatedBy}`}
              </span>
            </p>
          </div>
          <FlowActivitySummary activity={activity} />
          {canEdit && (
            <div className="flex gap-1">
              <Button
                variant="ghost"
                aria-label={`Edit details of ${flow.name}`}
                onClick={() => setEditing(true)}
              >
                Edit
              </Button>
              <Button
                variant="ghost"
                aria-label={`Duplicate ${flow.name}`}
                onClick={() => duplicate.mutate({ flowId: flow.id })}
              >
                Duplicate
              </Button>
              <Button
                variant="ghost"
                aria-label={`Delete ${flow.name}`}
                onClick={() => {
                  if (confirm(`Delete “${flow.name}” and all its versions?`))
                    remove.mutate({ flowId: flow.id });
                }}
              >
                Delete
              </Button>
            </div>
          )}
        </div>
      )}
      {error && <p className="mt-2 text-sm text-red-600">{error.message}</p>}
    </li>
  );
}
