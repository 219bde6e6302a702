import type { Browser, Page } from "@playwright/test";
import { expect, pageAs, sessionCookie, trpcMutation, type TestUser } from "./fixtures";

/** A flow document node for imports, placed at (`x`, 0). */
export const node = (id: string, block: string, config: Record<string, unknown>, x = 0) => ({
  id,
  block,
  name: id,
  position: { x, y: 0 },
  config,
  retries: 0,
  retryDelaySeconds: 1,
});

const BRANCHING = ["logic.condition", "flow.approval"];

/** Imports `nodes` as a chain into a new flow of `user` and opens its canvas. */
export async function openFlow(
  browser: Browser,
  user: TestUser,
  name: string,
  nodes: ReturnType<typeof node>[],
  parameters: unknown[] = [],
) {
  const page = await pageAs(browser, user);
  const cookie = await sessionCookie(user);
  const document = {
    schemaVersion: 1,
    name,
    parameters,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({
      id: `e${i}`,
      source: nodes[i]!.id,
      target: n.id,
      // Branching blocks continue the chain from their "true" side.
      sourceHandle: BRANCHING.includes(nodes[i]!.block) ? "true" : null,
    })),
  };
  const reply = await trpcMutation(
    page.request,
    "flow.import",
    { document },
    { cookie: `${cookie.name}=${cookie.value}` },
  );
  expect(reply.status(), await reply.text()).toBe(200);
  const flow = (await reply.json()).result.data.json as { id: string };
  await page.goto(`/flows/${flow.id}`);
  return page;
}

/** The run page's panel showing the node selected on the canvas. */
export const nodeDetails = (page: Page) =>
  page.getByRole("complementary", { name: "Node details" });
