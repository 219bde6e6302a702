import type { ConnectionTypeId } from "@/lib/connections/types";
import type { ExpressionScope } from "@/lib/expressions/evaluate";

export type LogLevel = "debug" | "info" | "warn" | "error";

/** What a block's runner gets: its config with every {{ expression }} already resolved. */
export interface BlockContext {
  /** The team whose run this is (sandboxed work is queued team by team). */
  teamId: string;
  config: Record<string, unknown>;
  /** The output of the node's first parent that ran (null for a root node). */
  input: unknown;
  scope: ExpressionScope;
  /** Aborted when the node's timeout passes or the run is cancelled. */
  signal: AbortSignal;
  log(level: LogLevel, message: string): void;
  /** Milliseconds until the node's timeout (Infinity without one). */
  timeLeftMs(): number;
  /** A team secret named in the config; missing ones are a clear error. */
  secret(name: string): string;
  /**
   * The connection the config names (`connectionId`), its settings and secrets together; null
   * when it names none. Not there for work outside a run (flow alerts).
   */
  connection?(type: ConnectionTypeId): Promise<Record<string, unknown> | null>;
  /** Keeps a credential obtained while running (an OAuth2 access token) out of what is stored. */
  redact?(value: string): void;
}

export interface BlockResult {
  output: unknown;
  /** The handle a condition routes to. */
  branch?: "true" | "false";
}

export type BlockRunner = (ctx: BlockContext) => Promise<BlockResult>;

/**
 * A failure the block explains itself: retrying cannot help when `retryable` is false. `userFrame`
 * says where in the user's own code it happened; the server's stack is never shown to users.
 */
export class BlockError extends Error {
  override name = "BlockError";
  constructor(
    message: string,
    readonly retryable = true,
    readonly userFrame?: string,
  ) {
    super(message);
  }
}

/** `BlockContext.secret` over the secrets a step has read: a missing one is a clear error. */
export const secretLookup =
  (secrets: Record<string, string>) =>
  (name: string): string => {
    const value = secrets[name];
    if (value === undefined)
      throw new BlockError(`Secret ${name} does not exist in this team`, false);
    return value;
  };
