import ipaddr from "ipaddr.js";
import { z } from "zod";

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(value), {
  message: "must be a PostgreSQL URL such as postgresql://user:password@localhost:5432/weft",
});

const optional = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

/** Every setting Weft reads, documented in the README's configuration table. */
const envObject = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl,
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  NEXTAUTH_URL: z.url("must be the URL people open Weft at").optional(),
  GITHUB_ID: optional,
  GITHUB_SECRET: optional,
  GOOGLE_ID: optional,
  GOOGLE_SECRET: optional,
  OIDC_ISSUER: z.url("must be the issuer URL of your OIDC provider").optional(),
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  OIDC_NAME: z.string().default("Single sign-on"),
  /** 32 bytes, base64url: the key secrets are encrypted with. Generated into .data/ by the launcher. */
  WEFT_SECRET_KEY: z
    .string()
    .refine(
      (value) => Buffer.from(value, "base64url").length === 32,
      "must be 32 bytes in base64url (openssl rand -base64 32)",
    )
    .optional(),
  /**
   * Whether blocks (HTTP, SQL, SMTP, Slack, webhooks) may call private networks (10/8, 172.16/12, 192.168/16, loopback, fc00::/7).
   * Default: `deny` in production, `allow` otherwise. Cloud metadata and link-local are always refused.
   */
  WEFT_PRIVATE_NETWORKS: z.enum(["allow", "deny"], "must be allow or deny").optional(),
  /** The old, HTTP-only name of WEFT_PRIVATE_NETWORKS; still read when the new one is unset. */
  WEFT_HTTP_PRIVATE_NETWORKS: z.enum(["allow", "deny"], "must be allow or deny").optional(),
  /**
   * The proxies in front of Weft (addresses or CIDRs, comma-separated): only then is
   * X-Forwarded-For read for per-address sign-in limits.
   */
  WEFT_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value) =>
      value
        ?.split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine(
      (list) =>
        !list ||
        list.every((entry) =>
          entry.includes("/") ? ipaddr.isValidCIDR(entry) : ipaddr.isValid(entry),
        ),
      "must be IP addresses or CIDR ranges, comma-separated",
    ),
  /** Worker threads for code nodes and expressions; waiting work is served team by team. */
  WEFT_SANDBOX_WORKERS: z.coerce
    .number("must be a number")
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(64, "must be at most 64")
    .default(2),
  /** The app's port (set by the launcher): blocks may never call it. */
  PORT: z.string().regex(/^\d+$/, "must be a port number").optional(),
  /** `1` when the launcher runs Weft's local Inngest server (its state shares Weft's database). */
  WEFT_LOCAL_INNGEST: z.enum(["1"]).optional(),
  /** `1` or the URL of an Inngest dev server (the launcher sets the local server's URL). */
  INNGEST_DEV: optional,
  INNGEST_BASE_URL: z.url("must be the URL of your self-hosted Inngest").optional(),
  INNGEST_EVENT_KEY: optional,
  INNGEST_SIGNING_KEY: optional,
  /** Where Inngest reaches this app's /api/inngest (default NEXTAUTH_URL). */
  INNGEST_SERVE_ORIGIN: z.url("must be the origin Inngest calls the app at").optional(),
  /** `false` (the launcher's default): a sync (PUT /api/inngest) must be signed too. */
  INNGEST_ENABLE_UNAUTHED_SYNC: z.enum(["true", "false"], "must be true or false").optional(),
});

export const envSchema = envObject
  .refine((env) => env.NODE_ENV !== "production" || env.WEFT_SECRET_KEY, {
    path: ["WEFT_SECRET_KEY"],
    message: "is required in production (npm start generates one into .data/weft.json)",
  })
  .refine((env) => env.NODE_ENV !== "production" || !env.INNGEST_DEV, {
    path: ["INNGEST_DEV"],
    message:
      "must not be set in production: Inngest dev mode accepts unsigned calls, so anyone who reaches /api/inngest could drive runs (use INNGEST_BASE_URL with INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY)",
  });

export type Env = z.infer<typeof envSchema>;

/** Parses the environment, or throws one error that lists every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const message =
      issue.code === "invalid_type" && source[name] === undefined ? "is required" : issue.message;
    return `  ${name} ${message}`;
  });
  throw new Error(`Invalid environment:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

/** The validated environment of this process, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
