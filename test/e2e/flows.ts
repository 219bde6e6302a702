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
  page?: Page,
) {
  page ??= await pageAs(browser, user);
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

/** The inspector's form of a node, by name. */
export const settings = (page: Page, name: string) =>
  page.getByRole("form", { name: `Settings of ${name}` });
/** The inspector's Testing section (the selected node in the shown test). */
export const testing = (page: Page) => page.getByRole("region", { name: "Testing" });
/** The editor's banner of the test run shown on the canvas. */
export const banner = (page: Page) => page.getByRole("status", { name: "Test run" });

/** The run page's panel showing the node selected on the canvas. */
export const nodeDetails = (page: Page) =>
  page.getByRole("complementary", { name: "Node details" });

export async function cookieHeader(user: TestUser) {
  const cookie = await sessionCookie(user);
  return { cookie: `${cookie.name}=${cookie.value}` };
}

export async function savedDocument(page: Page, flowId: string) {
  const input = encodeURIComponent(JSON.stringify({ json: { flowId } }));
  const reply = await page.request.get(`/api/trpc/flow.version?input=${input}`);
  return (await reply.json()).result.data.json.document;
}

export const flowIdOf = (page: Page) => page.url().split("/flows/")[1]!;

/** A signed-in page for `user` on a new empty flow of theirs (made through the API). */
export async function openNewFlow(browser: Browser, user: TestUser, name: string) {
  const page = await pageAs(browser, user);
  const reply = await trpcMutation(page.request, "flow.create", { name }, await cookieHeader(user));
  const flow = (await reply.json()).result.data.json as { id: string };
  await page.goto(`/flows/${flow.id}`);
  return { page, flow, user };
}

/** Drags a connection from one handle to another with intermediate moves, as a hand would. */
export async function connect(page: Page, from: string, to: string) {
  const source = await page.getByLabel(from, { exact: true }).boundingBox();
  const target = await page.getByLabel(to, { exact: true }).boundingBox();
  await page.mouse.move(source!.x + source!.width / 2, source!.y + source!.height / 2);
  await page.mouse.down();
  await page.mouse.move(target!.x + target!.width / 2, target!.y + target!.height / 2, {
    steps: 12,
  });
  await page.mouse.up();
}

/** `user` joins the team of `ownerPage`'s user as a viewer, by an invitation link; their page. */
export async function joinAsViewer(browser: Browser, ownerPage: Page, user: TestUser) {
  await ownerPage.goto("/team");
  await ownerPage.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await ownerPage.getByRole("button", { name: "Create invitation link" }).click();
  const link = await ownerPage.getByLabel("Invitation link").inputValue();
  const viewer = await pageAs(browser, user);
  await viewer.goto(link);
  await viewer.getByRole("button", { name: /Join/ }).click();
  await expect(viewer.getByLabel("Current team").locator("option:checked")).toHaveText(
    "Owner's team",
  );
  return viewer;
}

/** The pages of the signed-in app, as the accessibility and screen checks visit them. */
export const APP_PAGES = [
  "/flows",
  "/runs",
  "/dashboard",
  "/schedules",
  "/secrets",
  "/connections",
  "/team",
  "/audit",
] as const;
