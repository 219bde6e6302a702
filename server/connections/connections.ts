import "server-only";
import {
  CONNECTION_TYPES,
  ConnectionValueError,
  fieldShown,
  type ConnectionField,
  parseConnectionValues,
  type ConnectionTypeId,
} from "@/lib/connections/types";
import { createConnectionInput, updateConnectionInput } from "@/lib/schemas/connection";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { flowsWithNode } from "../flows/usage";
import { seal, unseal } from "../secrets/crypto";

/** A connection as anyone may see it: never its secret values, only which are set. */
export interface ConnectionView {
  id: string;
  type: ConnectionTypeId;
  name: string;
  settings: Record<string, unknown>;
  secretsSet: string[];
  updatedAt: Date;
}

type Row = {
  id: string;
  type: string;
  name: string;
  settings: unknown;
  sealed: string;
  updatedAt: Date;
};

const secretsOf = (row: Pick<Row, "sealed">) =>
  JSON.parse(unseal(row.sealed)) as Record<string, string>;

const view = (row: Row): ConnectionView => ({
  id: row.id,
  type: row.type as ConnectionTypeId,
  name: row.name,
  settings: row.settings as Record<string, unknown>,
  secretsSet: Object.keys(secretsOf(row)).sort(),
  updatedAt: row.updatedAt,
});

/** Field errors of a type's values as the 400 they are. */
export function parseValues(
  type: ConnectionTypeId,
  values: Record<string, unknown>,
  kept?: Set<string>,
) {
  try {
    return parseConnectionValues(type, values, kept);
  } catch (error) {
    if (error instanceof ConnectionValueError)
      throw new AppError("BAD_REQUEST", `${error.field}: ${error.message}`, error.field);
    throw error;
  }
}

async function nameFree(teamId: string, name: string, except?: string) {
  const taken = await db().connection.findFirst({
    where: { teamId, name, ...(except ? { id: { not: except } } : {}) },
    select: { id: true },
  });
  if (taken) throw new AppError("CONFLICT", `A connection named "${name}" exists`, "name");
}

export async function createConnection(teamId: string, userId: string, raw: unknown) {
  const input = createConnectionInput.parse(raw);
  const { settings, secrets } = parseValues(input.type, input.values);
  await nameFree(teamId, input.name);
  const row = await db().connection.create({
    data: {
      teamId,
      type: input.type,
      name: input.name,
      settings: settings as object,
      sealed: seal(JSON.stringify(secrets)),
      updatedById: userId,
    },
  });
  return view(row);
}

async function findRow(teamId: string, connectionId: string) {
  const row = await db().connection.findFirst({ where: { id: connectionId, teamId } });
  if (!row) throw notFound("Connection");
  return row;
}

export async function updateConnection(teamId: string, userId: string, raw: unknown) {
  const input = updateConnectionInput.parse(raw);
  const row = await findRow(teamId, input.connectionId);
  const type = row.type as ConnectionTypeId;
  const before = secretsOf(row);
  let data: { settings?: object; sealed?: string } = {};
  if (input.values) {
    // A secret field sent empty or not at all keeps its value.
    const given = Object.fromEntries(
      Object.entries({ ...(row.settings as Record<string, unknown>), ...input.values }).filter(
        ([key, value]) =>
          !(
            (CONNECTION_TYPES[type].fields as readonly ConnectionField[]).find((f) => f.key === key)
              ?.kind === "secret" && !value
          ),
      ),
    );
    const { settings, secrets } = parseValues(type, given, new Set(Object.keys(before)));
    const kept = Object.fromEntries(
      Object.entries(before).filter(
        ([key]) => !(key in given) && secretsShown(type, settings).has(key),
      ),
    );
    data = { settings, sealed: seal(JSON.stringify({ ...kept, ...secrets })) };
  }
  if (input.name) await nameFree(teamId, input.name, row.id);
  const updated = await db().connection.update({
    where: { id: row.id },
    data: { ...data, ...(input.name ? { name: input.name } : {}), updatedById: userId },
  });
  return view(updated);
}

/** The secret fields that apply with these settings (a bearer token once auth is basic does not). */
const secretsShown = (type: ConnectionTypeId, settings: Record<string, unknown>) =>
  new Set(
    (CONNECTION_TYPES[type].fields as readonly ConnectionField[])
      .filter((field) => field.kind === "secret" && fieldShown(field, settings))
      .map((field) => field.key),
  );

/** Editors see settings and which secrets are set; viewers names and types only. */
export async function listConnections(teamId: string, detailed: boolean) {
  const rows = await db().connection.findMany({ where: { teamId }, orderBy: { name: "asc" } });
  return rows.map((row) =>
    detailed
      ? view(row)
      : {
          id: row.id,
          type: row.type as ConnectionTypeId,
          name: row.name,
          updatedAt: row.updatedAt,
        },
  );
}

export async function getConnection(teamId: string, connectionId: string) {
  return view(await findRow(teamId, connectionId));
}

export async function deleteConnection(teamId: string, connectionId: string) {
  const row = await findRow(teamId, connectionId);
  const used = (await flowsWithNode(teamId, (node) => node.config.connectionId === row.id)).map(
    (flow) => flow.name,
  );
  if (used.length)
    throw new AppError(
      "CONFLICT",
      `"${row.name}" is used by ${used.length === 1 ? "the flow" : "the flows"} ${used.map((n) => `"${n}"`).join(", ")}: change ${used.length === 1 ? "it" : "them"} first`,
    );
  await db().connection.delete({ where: { id: row.id } });
}

/** For a running step only: the connection's settings with its secrets, decrypted. */
export async function readConnection(teamId: string, connectionId: string, type: ConnectionTypeId) {
  const row = await db().connection.findFirst({ where: { id: connectionId, teamId } });
  if (!row) return null;
  if (row.type !== type)
    throw new AppError(
      "BAD_REQUEST",
      `"${row.name}" is a ${CONNECTION_TYPES[row.type as ConnectionTypeId]?.label ?? row.type} connection, not ${CONNECTION_TYPES[type].label}`,
    );
  return {
    name: row.name,
    values: { ...(row.settings as Record<string, unknown>), ...secretsOf(row) },
    secrets: Object.values(secretsOf(row)),
  };
}
