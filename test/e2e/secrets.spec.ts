import { expect, pageAs, test } from "./fixtures";

test("secrets: saved write-only from the Secrets page, then picked in a block form", async ({
  browser,
  users,
}) => {
  const page = await pageAs(browser, await users.create("Keeper"));
  await page.goto("/secrets");
  const form = page.getByRole("form", { name: "Add or replace a secret" });
  await form.getByLabel("Name").fill("lower_case");
  await form.getByLabel("Value").fill("sk_test_123456");
  await form.getByRole("button", { name: "Save secret" }).click();
  await expect(form.getByText("Use UPPER_SNAKE_CASE")).toBeVisible();

  await form.getByLabel("Name").fill("STRIPE_API_KEY");
  await form.getByRole("button", { name: "Save secret" }).click();
  await expect(
    page.getByText("Saved STRIPE_API_KEY. Its value will not be shown again."),
  ).toBeVisible();
  await expect(page.getByRole("listitem", { name: "STRIPE_API_KEY" })).toBeVisible();
  await expect(form.getByLabel("Value")).toHaveValue("");
  expect(await page.content()).not.toContain("sk_test_123456");

  await page.goto("/flows");
  await page.getByLabel("New flow name").fill("Charges");
  await page.getByRole("button", { name: "Create flow" }).click();
  await page.getByRole("button", { name: "Add HTTP request" }).click();
  const settings = page.getByRole("form", { name: "Settings of HTTP request" });
  await settings.getByLabel("Bearer token (secret)").selectOption("STRIPE_API_KEY");
  await expect(settings.getByLabel("Insert a reference into URL").locator("option")).toContainText([
    "secrets.STRIPE_API_KEY",
  ]);
  await settings.getByRole("button", { name: "+ Add headers" }).click();
  await settings.getByLabel("Headers 1 name").fill("Accept");
  await settings.getByLabel("Headers 1 value").fill("application/json");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();
  const input = encodeURIComponent(
    JSON.stringify({ json: { flowId: page.url().split("/flows/")[1] } }),
  );
  const saved = (await (await page.request.get(`/api/trpc/flow.version?input=${input}`)).json())
    .result.data.json.document;
  expect(saved.nodes[0].config).toMatchObject({
    bearerSecret: "STRIPE_API_KEY",
    headers: [{ key: "Accept", value: "application/json" }],
  });
});
