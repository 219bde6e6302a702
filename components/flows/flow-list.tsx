"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { fieldError } from "@/lib/api-errors";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { inputClass, TextField } from "../ui/field";
import { FlowRow } from "./flow-row";
import { ImportFlow } from "./import-flow";

export function FlowList({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const flows = useQuery(trpc.flow.list.queryOptions({ search }));
  const activity = useQuery(trpc.flow.activity.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.flow.list.queryFilter());
  const create = useMutation(
    trpc.flow.create.mutationOptions({ onSuccess: (flow) => router.push(`/flows/${flow.id}`) }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name: String(new FormData(event.currentTarget).get("name")) });
  };
  return (
    <div className="space-y-6">
      {canEdit && (
        <div className="flex flex-wrap items-end gap-6">
          <Link href="/flows/templates" className="self-center text-sm text-indigo-600">
            Templates
          </Link>
          <form onSubmit={submit} noValidate aria-label="New flow" className="flex items-end gap-2">
            <TextField label="New flow name" name="name" error={fieldError(create.error, "name")} />
            <Button type="submit" disabled={create.isPending}>
              Create flow
            </Button>
          </form>
          <ImportFlow />
        </div>
      )}
      <input
        type="search"
        aria-label="Search flows"
        placeholder="Search by name, description or tag"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        className={`${inputClass} max-w-md`}
      />
      {flows.error && <Alert tone="error">{flows.error.message}</Alert>}
      {flows.data?.length === 0 &&
        (search ? (
          <p className="text-sm text-zinc-500">No flow matches “{search}”.</p>
        ) : (
          <div className="rounded-lg border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
            <p className="font-medium">No flows yet</p>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              Create one above, or start from a template: an API to Slack, a nightly SQL report, an
              approval, a health check…
            </p>
            <Link
              href="/flows/templates"
              className="mt-4 inline-block rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
            >
              Start from a template
            </Link>
          </div>
        ))}
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {flows.data?.map((flow) => (
          <FlowRow
            key={flow.id}
            flow={flow}
            activity={activity.data?.[flow.id]}
            canEdit={canEdit}
            onChanged={refresh}
          />
        ))}
      </ul>
    </div>
  );
}
