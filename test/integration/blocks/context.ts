import type { BlockContext } from "@/server/blocks/types";

/** A block context as the engine builds it, with logs collected for assertions. */
export function blockContext(
  config: Record<string, unknown>,
  overrides: Partial<BlockContext> = {},
  extraSecrets: Record<string, string> = {},
) {
  const logs: { level: string; message: string }[] = [];
  const secrets: Record<string, string> = {
    API_TOKEN: "tok-123456",
    DB_PASSWORD: "hunter2-long",
    ...extraSecrets,
  };
  const ctx: BlockContext = {
    teamId: "team-under-test",
    config,
    input: { fromParent: true },
    scope: {
      params: { day: "mon" },
      nodes: { up: { output: { n: 2 } } },
      secrets,
      run: { id: "run1", flow: "flow1", startedAt: new Date(0).toISOString(), trigger: "manual" },
    },
    signal: new AbortController().signal,
    log: (level, message) => logs.push({ level, message }),
    timeLeftMs: () => Infinity,
    secret: (name) => {
      if (!(name in secrets)) throw new Error(`Secret ${name} does not exist in this team`);
      return secrets[name]!;
    },
    ...overrides,
  };
  return { ctx, logs };
}
