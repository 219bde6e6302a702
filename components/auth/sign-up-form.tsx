"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { fieldError, formError } from "@/lib/api-errors";
import { useTRPC } from "../trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [signInFailed, setSignInFailed] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name")),
      email: String(form.get("email")),
      password: String(form.get("password")),
    };
    try {
      await signUp.mutateAsync(input);
    } catch {
      return; // the form shows signUp.error
    }
    // Sign-up answers alike for new and registered emails; signing in tells the two apart only
    // for whoever knows the password.
    const result = await signIn("credentials", { ...input, redirect: false });
    if (result?.ok) {
      router.push(callbackUrl);
      router.refresh();
    } else setSignInFailed(true);
  }

  const error = signUp.error;
  return (
    <div className="space-y-5">
      <form onSubmit={submit} noValidate className="space-y-4" aria-label="Create account">
        {formError(error) && <Alert tone="error">{formError(error)}</Alert>}
        {signInFailed && !error && (
          <Alert tone="error">
            We could not sign you in. If this email already has an account, sign in with its
            password instead.
          </Alert>
        )}
        <TextField label="Name" name="name" autoComplete="name" error={fieldError(error, "name")} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          error={fieldError(error, "email")}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters"
          error={fieldError(error, "password")}
        />
        <Button type="submit" className="w-full" disabled={signUp.isPending}>
          {signUp.isPending ? "Creating account…" : "Create account"}
        </Button>
      </form>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{" "}
        <Link
          href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-medium text-indigo-600"
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
