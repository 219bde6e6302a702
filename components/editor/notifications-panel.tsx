"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { inputClass } from "../ui/field";

type Channel = "WEBHOOK" | "SLACK" | "EMAIL";
const LABELS: Record<Channel, string> = { WEBHOOK: "Webhook", SLACK: "Slack", EMAIL: "Email" };

/** Where to tell people when a run of this flow fails (or also completes). */
export function NotificationsPanel() {
  const flowId = String(useParams<{ id: string }>().id);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.notification.list.queryOptions({ flowId }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.notification.list.queryKey({ flowId }) });
  const create = useMutation(trpc.notification.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.notification.delete.mutationOptions({ onSuccess: refresh }));
  const [channel, setChannel] = useState<Channel>("WEBHOOK");
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "");
    const target =
      channel === "WEBHOOK"
        ? { channel, url: value("url") }
        : channel === "SLACK"
          ? { channel, webhookSecret: value("secret") }
          : { channel, smtpSecret: value("secret"), from: value("from"), to: value("to") };
    create.mutate({ flowId, onSuccess: form.has("onSuccess"), target });
  };
  const describe = (config: unknown) => {
    const c = config as Record<string, string>;
    return c.url ?? c.to ?? c.webhookSecret ?? "";
  };
  return (
    <fieldset className="space-y-2">
      <legend className="font-medium">Notifications</legend>
      <p className="text-xs text-zinc-500">Sent with a link to the run when a run fails.</p>
      <form onSubmit={submit} aria-label="Add notification" className="space-y-1">
        <select
          aria-label="Channel"
          className={inputClass}
          value={channel}
          onChange={(e) => setChannel(e.target.value as Channel)}
        >
          {(Object.keys(LABELS) as Channel[]).map((c) => (
            <option key={c} value={c}>
              {LABELS[c]}
            </option>
          ))}
        </select>
        {channel === "WEBHOOK" ? (
          <input
            name="url"
            aria-label="Webhook URL to call"
            placeholder="https://…"
            className={inputClass}
          />
        ) : (
          <input
            name="secret"
            aria-label={channel === "SLACK" ? "Slack webhook secret" : "SMTP secret"}
            placeholder="Secret name, e.g. SLACK_WEBHOOK"
            className={inputClass}
          />
        )}
        {channel === "EMAIL" && (
          <>
            <input
              name="from"
              aria-label="From"
              placeholder="weft@example.com"
              className={inputClass}
            />
            <input name="to" aria-label="To" placeholder="ops@example.com" className={inputClass} />
          </>
        )}
        <label className="flex items-center gap-2 text-xs">
          <input type="checkbox" name="onSuccess" /> Also when a run completes
        </label>
        <Button type="submit" variant="secondary" disabled={create.isPending}>
          Add notification
        </Button>
      </form>
      {(create.error ?? remove.error) && (
        <Alert tone="error">{(create.error ?? remove.error)!.message}</Alert>
      )}
      <ul aria-label="Notifications" className="space-y-1 text-xs">
        {list.data?.map((n) => (
          <li key={n.id} className="flex items-center gap-2">
            <span className="font-medium">{LABELS[n.channel]}</span>
            <span className="truncate text-zinc-500">{describe(n.config)}</span>
            {n.onSuccess && <span className="text-zinc-500">+ success</span>}
            <Button
              variant="ghost"
              className="ml-auto"
              aria-label={`Remove ${LABELS[n.channel]} notification`}
              onClick={() => remove.mutate({ notificationId: n.id })}
            >
              Remove
            </Button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
