import "server-only";
import type { ListRunsInput } from "@/lib/schemas/run";
import { db } from "../db/client";
import { pool } from "../db/pool";
import { prepared } from "../db/prepared";
import type { Prisma } from "../db/generated/client";
import { versionDocument } from "../engine/state";
import { AppError, notFound } from "../errors";

/** A run as a list shows it. */
type RunListRow = Prisma.RunGetPayload<{
  select: {
    id: true;
    flowId: true;
    version: true;
    status: true;
    trigger: true;
    parameters: true;
    error: true;
    parentRunId: true;
    rerunOfId: true;
    onlyNodes: true;
    pinned: true;
    scheduleId: true;
    createdAt: true;
    startedAt: true;
    finishedAt: true;
    flow: { select: { name: true; latestVersion: true } };
  };
}>;

/** A `RunListRow`'s columns. */
const RUN_COLUMNS = `r.id, r."flowId", r.version, r.status::text AS status, r.trigger::text AS trigger,
  r.parameters, r.error, r."parentRunId", r."rerunOfId", r."onlyNodes", r.pinned, r."scheduleId",
  r."createdAt", r."startedAt", r."finishedAt",
  json_build_object('name', f.name, 'latestVersion', f."latestVersion") AS flow`;

/** What the run page shows of every node: its badge, timeline row and log lines. */
const nodeSummary = {
  nodeId: true,
  status: true,
  attempts: true,
  branch: true,
  logs: true,
  startedAt: true,
  finishedAt: true,
} satisfies Prisma.NodeRunSelect;

/** A node's whole state: its summary plus what it took in and gave out. */
const nodeDetails = {
  ...nodeSummary,
  input: true,
  output: true,
  error: true,
  attemptErrors: true,
} satisfies Prisma.NodeRunSelect;

type NodeSelect = Record<string, true>;
type NodeRow<Nodes extends NodeSelect> = Prisma.NodeRunGetPayload<{ select: Nodes }>;
const NODE_COLUMNS: Record<string, string> = {
  nodeId: 'n."nodeId"',
  status: "n.status",
  attempts: "n.attempts",
  branch: "n.branch",
  logs: "n.logs",
  // ISO 8601 in UTC, as Prisma keeps them.
  startedAt: `to_char(n."startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  finishedAt: `to_char(n."finishedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  input: "n.input",
  output: "n.output",
  error: "n.error",
  attemptErrors: 'n."attemptErrors"',
};

/**
 * A run of the team with its nodes (the `nodes` fields), in one statement: read on every poll of
 * the API and every open of a run page, so plain SQL, the nodes built as JSON by PostgreSQL.
 */
async function readRun<Nodes extends NodeSelect>(teamId: string, runId: string, nodes: Nodes) {
  const fields = Object.keys(nodes)
    .map((key) => `'${key}', ${NODE_COLUMNS[key]}`)
    .join(", ");
  const { rows } = await pool().query<
    RunListRow & {
      flowVersionId: string;
      nodes: (Omit<NodeRow<Nodes>, "startedAt" | "finishedAt"> & {
        startedAt?: string | null;
        finishedAt?: string | null;
      })[];
    }
  >(
    prepared(
      `SELECT ${RUN_COLUMNS}, r."flowVersionId",
        COALESCE((SELECT json_agg(json_build_object(${fields})) FROM "NodeRun" n
          WHERE n."runId" = r.id), '[]') AS nodes
      FROM "Run" r JOIN "Flow" f ON f.id = r."flowId"
      WHERE r.id = $1 AND r."teamId" = $2`,
      [runId, teamId],
    ),
  );
  const run = rows[0];
  if (!run) throw notFound("Run");
  const { flowVersionId, ...rest } = run;
  const document = await versionDocument(flowVersionId);
  const order = new Map(document.nodes.map((node, index) => [node.id, index]));
  const position = (node: unknown) => order.get((node as { nodeId: string }).nodeId) ?? 0;
  const date = (value: string | null | undefined) => (value ? new Date(value) : null);
  return {
    ...rest,
    nodes: [...run.nodes]
      .sort((a, b) => position(a) - position(b))
      .map((node) => ({
        ...node,
        startedAt: date(node.startedAt),
        finishedAt: date(node.finishedAt),
      })) as unknown as NodeRow<Nodes>[],
    /** The exact version the run executes, for drawing its canvas. */
    document,
  };
}

/** A run with every node's whole state, for the API. */
export const getRun = (teamId: string, runId: string) => readRun(teamId, runId, nodeDetails);

/**
 * A run as its page shows it: every node's summary; the page patches it from the event stream
 * and fetches a node's input and output only when the node is opened (getRunNode).
 */
export const getRunView = (teamId: string, runId: string) => readRun(teamId, runId, nodeSummary);

/** One node's whole state in a run of the team. */
export async function getRunNode(teamId: string, runId: string, nodeId: string) {
  const node = await db().nodeRun.findFirst({
    where: { runId, nodeId, run: { teamId } },
    select: nodeDetails,
  });
  if (!node) throw notFound("Node");
  // A subflow's or team block's child runs, to open them (the first 20).
  const childRuns = await db().run.findMany({
    where: { parentRunId: runId, parentNodeId: nodeId, teamId },
    orderBy: { id: "asc" },
    take: 20,
    select: { id: true, status: true },
  });
  return { ...node, childRuns };
}

/**
 * A page of the team's runs, newest first; `nextCursor` continues it. One statement: the REST API's
 * clients poll it, and through Prisma a page of 100 cost the app ~40 ms of CPU (docs/engine.md).
 */
export async function listRuns(teamId: string, input: ListRunsInput) {
  const values: unknown[] = [teamId];
  const value = (item: unknown) => `$${values.push(item)}`;
  const where = ['r."teamId" = $1'];
  if (input.flowId) where.push(`r."flowId" = ${value(input.flowId)}`);
  if (input.status) where.push(`r.status = ${value(input.status)}::"RunStatus"`);
  // Tests of drafts are listed only when asked for.
  where.push(
    input.trigger ? `r.trigger = ${value(input.trigger)}::"RunTrigger"` : "r.trigger <> 'TEST'",
  );
  if (input.since) where.push(`r."createdAt" >= ${value(input.since)}`);
  if (input.until) where.push(`r."createdAt" < ${value(input.until)}`);
  // After the cursor's place in the order; a cursor that is not one of the team's runs matches none.
  if (input.cursor)
    where.push(
      `(r."createdAt", r.id) < (SELECT c."createdAt", c.id FROM "Run" c WHERE c.id = ${value(input.cursor)} AND c."teamId" = $1)`,
    );
  const { rows } = await pool().query<RunListRow>(
    prepared(
      `SELECT ${RUN_COLUMNS} FROM "Run" r JOIN "Flow" f ON f.id = r."flowId"
      WHERE ${where.join(" AND ")}
      ORDER BY r."createdAt" DESC, r.id DESC LIMIT ${value(input.limit + 1)}`,
      values,
    ),
  );
  // An empty page is also what a cursor of another team (or a made-up one) gives: tell them apart.
  if (input.cursor && !rows.length && !(await isTeamRun(teamId, input.cursor)))
    throw new AppError("BAD_REQUEST", "cursor: not a position in this list", "cursor");
  const more = rows.length > input.limit;
  return { runs: rows.slice(0, input.limit), nextCursor: more ? rows[input.limit - 1]!.id : null };
}

async function isTeamRun(teamId: string, runId: string) {
  const { rowCount } = await pool().query(
    prepared(`SELECT 1 FROM "Run" WHERE id = $1 AND "teamId" = $2`, [runId, teamId]),
  );
  return Boolean(rowCount);
}
