import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { joinAsViewer, node, nodeDetails, openFlow } from "./flows";

const form = (page: Page) => page.getByRole("form", { name: "New connection" });

test("an editor creates an API connection, tests it (failure, then success), uses it in a block and cannot delete it while used; a viewer sees names only", async ({
  browser,
  users,
}) => {
  // A third-party API that wants a bearer token.
  const api: Server = createServer((req, res) => {
    const ok = req.headers.authorization === "Bearer tok-e2e-7788";
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify(ok ? { items: [{ sku: "a-1" }], path: req.url } : { error: "no" }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(api.address() as AddressInfo).port}/v1`;
  try {
    const owner = await users.create("Owner");
    const page = await openFlow(browser, owner, "Uses the API", [
      node("fetch", "http.request", { method: "GET", url: "/items" }),
    ]);
    const flowUrl = page.url();
    await page.goto("/connections");
    await form(page).getByLabel("Type").selectOption({ label: "HTTP API" });
    await form(page).getByLabel("Name *").fill("Items API");
    await form(page).getByLabel("Base URL *").fill(base);
    await form(page).getByLabel("Authentication").selectOption("bearer");
    await form(page).getByLabel("Bearer token").fill("stale-token");
    await form(page).getByRole("button", { name: "Test connection" }).click();
    const result = page.getByRole("status", { name: "Connection test" });
    await expect(result).toContainText(
      `Could not connect: GET ${base}/ answered 401: the credentials were refused`,
    );
    await form(page).getByLabel("Bearer token").fill("tok-e2e-7788");
    await form(page).getByRole("button", { name: "Test connection" }).click();
    await expect(result).toContainText(`Connected. GET ${base}/ answered 200`);
    await form(page).getByRole("button", { name: "Create connection" }).click();
    await expect(
      page.getByText("Saved Items API. Its secrets will not be shown again."),
    ).toBeVisible();
    const listed = page.getByRole("listitem", { name: "Items API" });
    await expect(listed).toContainText("HTTP API");

    // Editing shows the secret as saved, never its value.
    await listed.getByRole("button", { name: "Edit Items API" }).click();
    const edit = page.getByRole("form", { name: "Edit Items API" });
    await expect(edit.getByLabel("Bearer token")).toHaveValue("");
    await expect(edit.getByLabel("Bearer token")).toHaveAttribute(
      "placeholder",
      "Saved: type to replace it",
    );
    await expect(page.locator("body")).not.toContainText("tok-e2e-7788");

    // The block picks it: the URL is a path under the base URL, and it signs in.
    await page.goto(flowUrl);
    await page.locator('[data-node-id="fetch"]').click();
    const settings = page.getByRole("form", { name: "Settings of fetch" });
    await settings.getByLabel("API").selectOption({ label: "Items API" });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Unsaved changes")).toHaveCount(0);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect(page).toHaveURL(/\/runs\//);
    await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
    await page.locator('.react-flow [data-node-id="fetch"]').click();
    await expect(nodeDetails(page).getByLabel("Output", { exact: true })).toContainText(
      "/v1/items",
    );

    // In use, it cannot be deleted: the message names the flow.
    await page.goto("/connections");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete Items API" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "is used by" })).toContainText(
      '"Items API" is used by the flow "Uses the API"',
    );

    // A viewer sees the name and type, no settings, no form.
    const viewer = await joinAsViewer(browser, page, await users.create("Viewer"));
    await viewer.goto("/connections");
    await expect(viewer.getByRole("listitem", { name: "Items API" })).toContainText("HTTP API");
    await expect(viewer.getByRole("form", { name: "New connection" })).toHaveCount(0);
    await expect(viewer.getByRole("button", { name: "Edit Items API" })).toHaveCount(0);
  } finally {
    api.close();
  }
});
