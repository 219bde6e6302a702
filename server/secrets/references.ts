import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { redact } from "@/lib/expressions/redact";
import { env } from "../env";
import { readSecrets } from "./secrets";

/**
 * Secret references: how a secret crosses from a parent run into a subflow's parameters without
 * its value being stored anywhere (the child's parameters, the node's input, the runs list). The
 * parent's step replaces each secret value with `[secret:NAME:TAG]`, the tag an HMAC of the
 * parent run, node and name under the server's key; the child's steps resolve the references back
 * to values. A reference anyone else writes (a webhook body, a redacted `[secret:NAME]` in some
 * output) has no valid tag for that child, so it stays plain text.
 */

export interface ReferenceOrigin {
  parentRunId: string;
  parentNodeId: string;
}

const REFERENCE = /\[secret:([A-Z][A-Z0-9_]*):([0-9a-f]{32})\]/g;

function tag(origin: ReferenceOrigin, name: string): string {
  const key = env().WEFT_SECRET_KEY ?? env().NEXTAUTH_SECRET;
  return createHmac("sha256", key)
    .update(`secret-reference\0${origin.parentRunId}\0${origin.parentNodeId}\0${name}`)
    .digest("hex")
    .slice(0, 32);
}

/**
 * `value` with every secret of `secrets` replaced by a reference bound to `origin`. A secret in
 * another form (base64, hex, …) cannot be referred to and is redacted to `[secret:NAME]`.
 */
export function referSecrets<T>(
  value: T,
  secrets: Record<string, string>,
  origin: ReferenceOrigin,
): T {
  const referred = redact(value, secrets, {
    exact: true,
    placeholder: (name) => `[secret:${name}:${tag(origin, name)}]`,
  });
  return redact(referred, secrets);
}

/** The names of the valid references in `value` that `origin` made. */
function referencedNames(value: unknown, origin: ReferenceOrigin): string[] {
  const names = new Set<string>();
  for (const [, name, given] of JSON.stringify(value ?? null).matchAll(REFERENCE)) {
    const expected = Buffer.from(tag(origin, name!));
    if (timingSafeEqual(expected, Buffer.from(given!))) names.add(name!);
  }
  return [...names];
}

/**
 * A child run's parameters with the references its parent made resolved to the team's secret
 * values (inside a step only), and those secrets, for redacting whatever the step stores.
 */
export async function resolveSecretReferences(
  teamId: string,
  parameters: Record<string, unknown>,
  origin: ReferenceOrigin,
) {
  const names = referencedNames(parameters, origin);
  if (!names.length) return { parameters, secrets: {} };
  const secrets = await readSecrets(teamId, names);
  const resolve = (inner: unknown): unknown => {
    if (typeof inner === "string")
      return inner.replace(REFERENCE, (whole, name: string, given: string) =>
        name in secrets && given === tag(origin, name) ? secrets[name]! : whole,
      );
    if (Array.isArray(inner)) return inner.map(resolve);
    if (inner && typeof inner === "object")
      return Object.fromEntries(Object.entries(inner).map(([key, v]) => [key, resolve(v)]));
    return inner;
  };
  return { parameters: resolve(parameters) as Record<string, unknown>, secrets };
}
