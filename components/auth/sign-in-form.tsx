"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";

interface Props {
  callbackUrl: string;
  providers: { id: string; name: string }[];
}

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password",
  OAuthAccountNotLinked: "This email is already used with another sign-in method",
};

export function SignInForm({ callbackUrl, providers }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) {
      router.push(callbackUrl);
      router.refresh();
    } else {
      setError(MESSAGES[result?.error ?? ""] ?? result?.error ?? "Sign-in failed");
    }
  }

  return (
    <div className="space-y-5">
      <form onSubmit={submit} className="space-y-4" aria-label="Sign in">
        {error && <Alert tone="error">{error}</Alert>}
        <TextField label="Email" name="email" type="email" autoComplete="email" required />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {providers.length > 0 && (
        <div className="space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {providers.map((provider) => (
            <Button
              key={provider.id}
              variant="secondary"
              className="w-full"
              onClick={() => void signIn(provider.id, { callbackUrl })}
            >
              Continue with {provider.name}
            </Button>
          ))}
        </div>
      )}
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        New to Weft?{" "}
        <Link
          href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-medium text-indigo-600"
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
