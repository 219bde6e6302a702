"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldError } from "@/lib/api-errors";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { TextField } from "../ui/field";

/** The team's REST API keys: create (shown once), list with last use, revoke. */
export function ApiKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKey.list.queryOptions());
  // A list still loading when a key is created would answer without it: cancel, then fetch again.
  const refresh = async () => {
    const queryKey = trpc.apiKey.list.queryKey();
    await queryClient.cancelQueries({ queryKey });
    await queryClient.invalidateQueries({ queryKey });
  };
  const [shown, setShown] = useState<string>();
  const create = useMutation(
    trpc.apiKey.create.mutationOptions({
      onSuccess: (created) => {
        setShown(created.key);
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions({ onSuccess: refresh }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name: String(new FormData(event.currentTarget).get("name")) });
    event.currentTarget.reset();
  };
  return (
    <Card title="API keys">
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        Keys call the REST API (<code>/api/v1</code>, see docs/api.md) with an editor&apos;s rights
        in this team.
      </p>
      <form
        onSubmit={submit}
        noValidate
        className="flex items-end gap-3"
        aria-label="Create API key"
      >
        <div className="flex-1">
          <TextField label="Key name" name="name" error={fieldError(create.error, "name")} />
        </div>
        <Button type="submit" disabled={create.isPending}>
          Create key
        </Button>
      </form>
      {shown && (
        <div className="mt-3">
          <Alert tone="success">
            Copy this key now; it is not shown again:{" "}
            <code aria-label="New API key" className="break-all">
              {shown}
            </code>
          </Alert>
        </div>
      )}
      <ul
        aria-label="API keys"
        className="mt-4 divide-y divide-zinc-200 text-sm dark:divide-zinc-800"
      >
        {keys.data?.map((key) => (
          <li key={key.id} className="flex items-center gap-3 py-2">
            <span className="font-medium">{key.name}</span>
            <code className="text-xs text-zinc-500">{key.prefix}…</code>
            <span className="text-xs text-zinc-500">
              acts as {key.owner ? key.owner.name || key.owner.email : "a former member"}
            </span>
            <span className="text-xs text-zinc-500">
              {key.revokedAt
                ? "revoked"
                : key.lastUsedAt
                  ? `last used ${new Date(key.lastUsedAt).toLocaleString()}`
                  : "never used"}
            </span>
            {!key.revokedAt && (
              <Button
                variant="ghost"
                className="ml-auto"
                aria-label={`Revoke ${key.name}`}
                onClick={() => revoke.mutate({ keyId: key.id })}
              >
                Revoke
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
