import { expect, pageAs, sessionCookie, test, trpcMutation } from "./fixtures";

test("create a cron schedule with a live preview, pause and delete it", async ({
  browser,
  users,
}) => {
  const user = await users.create();
  const page = await pageAs(browser, user);
  const cookie = await sessionCookie(user);
  await trpcMutation(
    page.request,
    "flow.create",
    { name: "Nightly report" },
    { cookie: `${cookie.name}=${cookie.value}` },
  );
  await page.goto("/schedules");
  const form = page.getByRole("form", { name: "New schedule" });
  await form.getByLabel("Flow").selectOption({ label: "Nightly report" });
  await form.getByLabel("Cron expression").fill("30 2 * * 1-5");
  await form.getByLabel("Time zone").fill("Europe/Berlin");
  await expect(form.getByLabel("Preview")).toContainText("At 02:30, Monday through Friday");
  await expect(form.getByLabel("Next fire times").getByRole("listitem")).toHaveCount(5);
  await form.getByLabel("Cron expression").fill("99 * * * *");
  await expect(form.getByRole("note")).toBeVisible();
  await form.getByLabel("Cron expression").fill("30 2 * * 1-5");
  await form.getByLabel("Time zone").fill("Mars/Olympus");
  await expect(form.getByRole("note")).toHaveText("unknown time zone");
  await form.getByLabel("Time zone").fill("Europe/Berlin");
  await form.getByRole("button", { name: "Create schedule" }).click();
  const row = page
    .getByRole("list", { name: "Schedules" })
    .getByRole("listitem")
    .filter({ hasText: "Nightly report" });
  await expect(row).toContainText("At 02:30, Monday through Friday (Europe/Berlin)");
  await row.getByRole("button", { name: "Pause" }).click();
  await expect(row).toContainText("Paused");
  await row.getByRole("button", { name: "Resume" }).click();
  await expect(row).toContainText("next");
  // Deleting asks first: dismissed, nothing happens.
  page.once("dialog", (dialog) => void dialog.dismiss());
  await row.getByRole("button", { name: "Delete schedule of Nightly report" }).click();
  await expect(row).toBeVisible();
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Delete schedule of Nightly report" }).click();
  await expect(page.getByText("No schedules yet")).toBeVisible();
});

test("a schedule in another zone previews in that zone; its parameters are a typed form; it can be edited", async ({
  browser,
  users,
}) => {
  const user = await users.create();
  const page = await pageAs(browser, user);
  const cookie = await sessionCookie(user);
  const document = {
    schemaVersion: 1,
    name: "Standup digest",
    parameters: [
      { name: "team", type: "string", required: true, description: "Whose digest" },
      { name: "limit", type: "number", default: 10, required: false, description: "" },
      { name: "loud", type: "boolean", required: false, description: "" },
    ],
    nodes: [],
    edges: [],
  };
  await trpcMutation(
    page.request,
    "flow.import",
    { document },
    { cookie: `${cookie.name}=${cookie.value}` },
  );
  await page.goto("/schedules");
  const form = page.getByRole("form", { name: "New schedule" });
  await form.getByLabel("Flow").selectOption({ label: "Standup digest" });
  await expect(form.getByRole("group", { name: "Parameters" }).getByRole("textbox")).toHaveCount(1);
  await expect(form.getByLabel(/^limit/)).toHaveValue("10");
  await form.getByLabel("Cron expression").fill("0 9 * * 1-5");
  await form.getByLabel("Time zone").fill("America/New_York");
  const preview = form.getByLabel("Preview");
  await expect(preview).toContainText("Next runs, in America/New_York");
  // Whatever the browser's zone, 09:00 in New York (winter: EST).
  await expect(form.getByLabel("Next fire times").getByRole("listitem").first()).toContainText(
    /09:00 AM EST/,
  );
  await form.getByRole("button", { name: "Create schedule" }).click();
  await expect(form.getByRole("alert")).toContainText("team is required");
  await form.getByLabel(/^team/).fill("platform");
  await form.getByLabel(/^loud/).check();
  await form.getByRole("button", { name: "Create schedule" }).click();
  const row = page.getByRole("list", { name: "Schedules" }).getByRole("listitem").first();
  await expect(row).toContainText("(America/New_York)");
  await expect(row).toContainText(/next .*09:00 AM EST/);

  await row.getByRole("button", { name: "Edit schedule of Standup digest" }).click();
  const edit = page.getByRole("form", { name: "Edit schedule" });
  await expect(edit.getByLabel(/^team/)).toHaveValue("platform");
  await expect(edit.getByLabel(/^loud/)).toBeChecked();
  await edit.getByLabel("Cron expression").fill("30 10 * * *");
  await edit.getByRole("button", { name: "Save schedule" }).click();
  await expect(row).toContainText("At 10:30");
  await expect(page.getByRole("form", { name: "New schedule" })).toBeVisible();
});
