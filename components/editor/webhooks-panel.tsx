"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/client";
import { useEditor, useEditorStore } from "./editor-context";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { inputClass } from "../ui/field";

/** The flow's webhook triggers: create, rotate the URL, revoke. URLs and secrets show once. */
export function WebhooksPanel() {
  const flowId = String(useParams<{ id: string }>().id);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hooks = useQuery(trpc.webhook.list.queryOptions({ flowId }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey({ flowId }) });
  const [shown, setShown] = useState<{ url: string; secret?: string | null }>();
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: (hook) => {
        setShown({ url: origin + hook.path, secret: hook.signingSecret });
        void refresh();
      },
    }),
  );
  const rotate = useMutation(
    trpc.webhook.rotate.mutationOptions({
      onSuccess: ({ path }) => {
        setShown({ url: origin + path });
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.webhook.revoke.mutationOptions({ onSuccess: refresh }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const headers = String(form.get("headers") ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    create.mutate({ flowId, name: String(form.get("name")), headers, signed: form.has("signed") });
  };
  const error = create.error ?? rotate.error ?? revoke.error;
  const store = useEditorStore();
  const parameters = useEditor((state) => state.meta.parameters);
  const missing = ["body", "query"].filter((name) => !parameters.some((p) => p.name === name));
  return (
    <fieldset id="flow-webhooks" className="space-y-2">
      <legend className="font-medium">Webhooks</legend>
      <p className="text-xs text-zinc-500">
        A POST to a webhook URL runs the saved flow; declare parameters named body, query or headers
        (json) to receive them.
      </p>
      {missing.includes("body") && (
        <Alert tone="warning">
          This flow has no <code>body</code> parameter: a webhook&apos;s payload would be dropped.{" "}
          <Button
            variant="secondary"
            onClick={() => {
              store.getState().checkpoint();
              store.getState().setMeta({
                parameters: [
                  ...parameters,
                  ...missing.map((name) => ({
                    name,
                    type: "json" as const,
                    required: false,
                    description: name === "body" ? "The webhook's JSON body" : "Its query string",
                  })),
                ],
              });
            }}
          >
            Add {missing.join(" and ")} parameters
          </Button>
        </Alert>
      )}
      <form onSubmit={submit} aria-label="Create webhook" className="space-y-1">
        <input name="name" aria-label="Webhook name" placeholder="Name" className={inputClass} />
        <input
          name="headers"
          aria-label="Headers to pass"
          placeholder="Headers to pass, e.g. x-github-event"
          className={inputClass}
        />
        <label className="flex items-center gap-2 text-xs">
          <input type="checkbox" name="signed" /> Require an HMAC-SHA256 signature
        </label>
        <Button type="submit" variant="secondary" disabled={create.isPending}>
          Create webhook
        </Button>
      </form>
      {error && <Alert tone="error">{error.message}</Alert>}
      {shown && (
        <Alert tone="success">
          Copy now, it is not shown again:{" "}
          <code aria-label="Webhook URL" className="break-all">
            {shown.url}
          </code>
          {shown.secret && (
            <>
              {" "}
              Signing secret:{" "}
              <code aria-label="Signing secret" className="break-all">
                {shown.secret}
              </code>
            </>
          )}
        </Alert>
      )}
      <ul aria-label="Webhooks" className="space-y-1">
        {hooks.data?.map((hook) => (
          <li key={hook.id} className="flex flex-wrap items-center gap-2 text-xs">
            <span className="font-medium">{hook.name}</span>
            {hook.signed && (
              <span className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">signed</span>
            )}
            {hook.revokedAt ? (
              <span className="text-zinc-500">revoked</span>
            ) : (
              <>
                <span className="text-zinc-500">
                  {hook.lastCalledAt
                    ? `called ${new Date(hook.lastCalledAt).toLocaleString()}`
                    : "never called"}
                </span>
                <Button
                  variant="ghost"
                  aria-label={`New URL for ${hook.name}`}
                  onClick={() => rotate.mutate({ webhookId: hook.id })}
                >
                  New URL
                </Button>
                <Button
                  variant="ghost"
                  aria-label={`Revoke ${hook.name}`}
                  onClick={() => revoke.mutate({ webhookId: hook.id })}
                >
                  Revoke
                </Button>
              </>
            )}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
