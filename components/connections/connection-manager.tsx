"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CONNECTION_TYPES, type ConnectionTypeId } from "@/lib/connections/types";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConnectionForm, type Editing } from "./connection-form";

const NEW: Editing = { type: "postgres", name: "", settings: {}, secretsSet: [] };

/** A coloured badge of a connection's type. */
function TypeBadge({ type }: { type: ConnectionTypeId }) {
  const tone: Record<ConnectionTypeId, string> = {
    postgres: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
    smtp: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
    slack: "bg-fuchsia-100 text-fuchsia-900 dark:bg-fuchsia-950 dark:text-fuchsia-200",
    http: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
    s3: "bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-200",
  };
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone[type]}`}>
      {CONNECTION_TYPES[type].label}
    </span>
  );
}

/**
 * The team's connections: editors create, test, edit and delete them; viewers see names and
 * types only. A connection flows use cannot be deleted (the message names the flows).
 */
export function ConnectionManager({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const connections = useQuery(trpc.connection.list.queryOptions());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saved, setSaved] = useState<string>();
  const refresh = () => queryClient.invalidateQueries(trpc.connection.list.queryFilter());
  const remove = useMutation(trpc.connection.delete.mutationOptions({ onSuccess: refresh }));

  return (
    <div className="max-w-3xl space-y-6">
      {canEdit && (
        <Card title={editing?.id ? `Edit ${editing.name}` : "New connection"}>
          <ConnectionForm
            key={editing?.id ?? "new"}
            editing={editing ?? NEW}
            onDone={(name) => {
              setSaved(name);
              setEditing(null);
              void refresh();
            }}
          />
          {saved && (
            <Alert tone="success">Saved {saved}. Its secrets will not be shown again.</Alert>
          )}
        </Card>
      )}
      <Card title="Connections">
        {connections.error && <Alert tone="error">{connections.error.message}</Alert>}
        {remove.error && <Alert tone="error">{remove.error.message}</Alert>}
        {connections.data?.length === 0 && (
          <p className="text-sm text-zinc-500">
            No connections yet. Blocks pick them: SQL queries a database, emails go through a mail
            server, HTTP requests sign in to an API.
          </p>
        )}
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {connections.data?.map((connection) => (
            <li
              key={connection.id}
              aria-label={connection.name}
              className="flex items-center justify-between gap-3 py-2"
            >
              <span className="flex items-center gap-2">
                <span className="font-medium">{connection.name}</span>
                <TypeBadge type={connection.type} />
                <span className="text-xs text-zinc-500">
                  updated {connection.updatedAt.toLocaleString()}
                </span>
              </span>
              {canEdit && "settings" in connection && (
                <span className="flex gap-1">
                  <Button
                    variant="ghost"
                    aria-label={`Edit ${connection.name}`}
                    onClick={() => {
                      setSaved(undefined);
                      setEditing(connection);
                    }}
                  >
                    Edit
                  </Button>
                  <Button
                    variant="ghost"
                    aria-label={`Delete ${connection.name}`}
                    onClick={() => {
                      if (confirm(`Delete ${connection.name}?`))
                        remove.mutate({ connectionId: connection.id });
                    }}
                  >
                    Delete
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
