"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { fieldError } from "@/lib/api-errors";
import { useTRPC } from "../trpc/client";
import { useRefreshAll } from "../trpc/use-refresh-all";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { TextField } from "../ui/field";

export function RenameTeam({ name, canEdit }: { name: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const rename = useMutation(trpc.team.rename.mutationOptions({ onSuccess: refreshAll }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    rename.mutate({ name: String(new FormData(event.currentTarget).get("name")) });
  };
  return (
    <Card title="Team name">
      <form onSubmit={submit} noValidate className="flex items-end gap-3" aria-label="Rename team">
        <div className="flex-1">
          <TextField
            label="Name"
            name="name"
            defaultValue={name}
            key={name}
            readOnly={!canEdit}
            error={fieldError(rename.error, "name")}
          />
        </div>
        {canEdit && (
          <Button type="submit" variant="secondary" disabled={rename.isPending}>
            Rename
          </Button>
        )}
      </form>
    </Card>
  );
}
