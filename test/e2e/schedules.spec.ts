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
  await row.getByRole("button", { name: "Delete schedule of Nightly report" }).click();
  await expect(page.getByText("No schedules yet")).toBeVisible();
});
