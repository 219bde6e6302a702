"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { fieldError, formError } from "@/lib/api-errors";
import { useTRPC } from "../trpc/client";
import { useRefreshAll } from "../trpc/use-refresh-all";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { TextField } from "../ui/field";

export function CreateTeamForm() {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll("/team");
  const create = useMutation(trpc.team.create.mutationOptions({ onSuccess: refreshAll }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name: String(new FormData(event.currentTarget).get("name")) });
  };
  return (
    <Card>
      <form onSubmit={submit} noValidate className="max-w-md space-y-4" aria-label="Create team">
        {formError(create.error) && <Alert tone="error">{formError(create.error)}</Alert>}
        <TextField label="Team name" name="name" error={fieldError(create.error, "name")} />
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create team"}
        </Button>
      </form>
    </Card>
  );
}
