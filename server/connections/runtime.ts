import "server-only";
import type { ConnectionTypeId } from "@/lib/connections/types";
import { BlockError } from "../blocks/types";
import { AppError } from "../errors";
import type { Values } from "./clients";
import { readConnection } from "./connections";

/**
 * What a running node's `ctx.connection(type)` does: the connection its config names, decrypted
 * (null when it names none). Its secret values join `redactions`, so the node's logs, input and
 * output never show them.
 */
export function connectionLoader(
  teamId: string,
  connectionId: unknown,
  redactions: Record<string, string>,
) {
  let loaded: Promise<Values | null> | undefined;
  return (type: ConnectionTypeId) =>
    (loaded ??= (async () => {
      if (typeof connectionId !== "string" || !connectionId) return null;
      const found = await readConnection(teamId, connectionId, type).catch((error: unknown) => {
        throw error instanceof AppError
          ? new BlockError(`config.connectionId: ${error.message}`, false)
          : error;
      });
      if (!found)
        throw new BlockError(
          "config.connectionId: the connection was deleted: choose another",
          false,
        );
      found.secrets.forEach((value, index) => {
        if (value) redactions[`connection ${found.name} ${index}`] = value;
      });
      return found.values;
    })());
}
