"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldError, formError } from "@/lib/api-errors";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/schemas/team";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { SelectField, TextField } from "../ui/field";

export function InviteForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [link, setLink] = useState<string>();
  const [copied, setCopied] = useState(false);
  const create = useMutation(
    trpc.invitation.create.mutationOptions({
      onSuccess: async ({ token }) => {
        setLink(`${window.location.origin}/invite/${token}`);
        setCopied(false);
        await queryClient.invalidateQueries(trpc.invitation.list.queryFilter());
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      role: form.get("role") as RoleName,
      expiresInDays: Number(form.get("expiresInDays")),
    });
  };
  return (
    <Card title="Invite people">
      <form
        onSubmit={submit}
        noValidate
        className="grid grid-cols-3 items-end gap-3"
        aria-label="Invite people"
      >
        <SelectField
          label="Role"
          name="role"
          defaultValue="EDITOR"
          error={fieldError(create.error, "role")}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Expires after (days)"
          name="expiresInDays"
          type="number"
          min={1}
          max={30}
          defaultValue={7}
          error={fieldError(create.error, "expiresInDays")}
        />
        <Button type="submit" disabled={create.isPending}>
          Create invitation link
        </Button>
      </form>
      {formError(create.error) && <Alert tone="error">{formError(create.error)}</Alert>}
      {link && (
        <div className="mt-4 space-y-2">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Share this link. It works once and is shown only now.
          </p>
          <div className="flex gap-2">
            <div className="flex-1">
              <TextField
                label="Invitation link"
                value={link}
                readOnly
                onFocus={(event) => event.target.select()}
              />
            </div>
            <Button
              variant="secondary"
              className="self-end"
              onClick={() => void navigator.clipboard.writeText(link).then(() => setCopied(true))}
            >
              {copied ? "Copied" : "Copy link"}
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
