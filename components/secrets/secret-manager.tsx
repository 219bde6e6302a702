"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldError, formError } from "@/lib/api-errors";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { TextField } from "../ui/field";

/** Add, replace and delete the team's secrets. Values go in and never come back out. */
export function SecretManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string>();
  const secrets = useQuery(trpc.secret.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.secret.list.queryFilter());
  const set = useMutation(trpc.secret.set.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.secret.delete.mutationOptions({ onSuccess: refresh }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name"));
    set.mutate(
      { name, value: String(data.get("value")) },
      {
        onSuccess: () => {
          setSaved(name);
          form.reset();
        },
      },
    );
  };

  return (
    <div className="max-w-3xl space-y-6">
      <Card title="Add or replace a secret">
        <form
          onSubmit={submit}
          noValidate
          aria-label="Add or replace a secret"
          className="grid grid-cols-3 items-start gap-3"
        >
          <TextField
            label="Name"
            name="name"
            placeholder="STRIPE_API_KEY"
            autoComplete="off"
            error={fieldError(set.error, "name")}
          />
          <TextField
            label="Value"
            name="value"
            type="password"
            autoComplete="new-password"
            error={fieldError(set.error, "value")}
          />
          <Button type="submit" className="mt-6" disabled={set.isPending}>
            Save secret
          </Button>
        </form>
        {formError(set.error) && <Alert tone="error">{formError(set.error)}</Alert>}
        {saved && !set.error && (
          <Alert tone="success">Saved {saved}. Its value will not be shown again.</Alert>
        )}
      </Card>
      <Card title="Saved secrets">
        {secrets.error && <Alert tone="error">{secrets.error.message}</Alert>}
        {remove.error && <Alert tone="error">{remove.error.message}</Alert>}
        {secrets.data?.length === 0 && (
          <p className="text-sm text-zinc-500">No secrets yet. Flows use them as secrets.NAME.</p>
        )}
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {secrets.data?.map((secret) => (
            <li
              key={secret.name}
              aria-label={secret.name}
              className="flex items-center justify-between py-2"
            >
              <span>
                <span className="font-mono font-medium">{secret.name}</span>
                <span className="ml-2 text-xs text-zinc-500">
                  updated {secret.updatedAt.toLocaleString()}
                </span>
              </span>
              <Button
                variant="ghost"
                aria-label={`Delete ${secret.name}`}
                onClick={() => {
                  if (confirm(`Delete ${secret.name}? Flows that use it will fail.`))
                    remove.mutate({ name: secret.name });
                }}
              >
                Delete
              </Button>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
