import { expect, test } from "./fixtures";
import { node, nodeDetails, openFlow, settings } from "./flows";

test("a flow published as a block is used in another flow, then updated to its next version", async ({
  browser,
  users,
}) => {
  const owner = await users.create("Builder");
  const scale = await openFlow(
    browser,
    owner,
    "Scale",
    [node("times", "code.javascript", { code: "return params.n * 2" })],
    [{ name: "n", type: "number", required: true, description: "The number to scale" }],
  );
  const publish = scale.getByRole("group", { name: "Publish as block" });
  await publish.getByLabel("Block name").fill("Scale it");
  await publish.getByLabel("Result").selectOption({ label: "times" });
  await publish.getByRole("button", { name: "Publish as block" }).click();
  await expect(publish.getByText("Published version 1.")).toBeVisible();

  const report = await openFlow(browser, owner, "Report", [
    node("seed", "code.javascript", { code: "return 1" }),
  ]);
  await report
    .getByRole("region", { name: "Team blocks" })
    .getByRole("button", { name: "Add Scale it" })
    .click();
  const block = settings(report, "Scale it");
  await expect(block.getByText("Version 1", { exact: true })).toBeVisible();
  await block.getByLabel(/^n/).fill("21");
  await report.getByRole("button", { name: "Save" }).click();
  await expect(report.getByText("Unsaved changes")).toHaveCount(0);
  const reportUrl = report.url();
  await report.getByRole("button", { name: "Run", exact: true }).click();
  await expect(report.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await report.locator('.react-flow [data-node-id="scale_it"]').click();
  await expect(nodeDetails(report).getByLabel("Output", { exact: true })).toHaveText("42");
  // Its run of Scale is linked: a child run, open from here.
  await nodeDetails(report)
    .getByRole("navigation", { name: "Child runs" })
    .getByRole("link")
    .click();
  await expect(report.getByText("Subflow of")).toBeVisible();

  // Version 2 of Scale, published: the block offers the update, with what changed.
  await scale.locator('[data-node-id="times"]').click();
  await settings(scale, "times").getByLabel(/^Code/).fill("return params.n * 3");
  await scale.getByRole("button", { name: "Save" }).click();
  await expect(scale.getByText("Unsaved changes")).toHaveCount(0);
  await scale.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await publish.getByRole("button", { name: "Publish the saved version" }).click();
  await expect(publish.getByText("Published version 2.")).toBeVisible();

  await report.goto(reportUrl);
  await expect(report.locator('[data-node-id="scale_it"] [data-update]')).toHaveText(
    "Update available: v2",
  );
  await report.locator('[data-node-id="scale_it"]').click();
  const update = settings(report, "Scale it").getByRole("status", { name: "Update available" });
  await expect(update).toContainText("Version 2 is published.");
  await expect(update.getByRole("list", { name: "Changes" })).toContainText(
    'nodes.times.config.code: "return params.n * 2" → "return params.n * 3"',
  );
  await update.getByRole("button", { name: "Update to version 2" }).click();
  await expect(settings(report, "Scale it").getByText("Version 2", { exact: true })).toBeVisible();
  await report.getByRole("button", { name: "Save" }).click();
  await expect(report.getByText("Unsaved changes")).toHaveCount(0);
  await report.getByRole("button", { name: "Run", exact: true }).click();
  await expect(report.locator("header [data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await report.locator('.react-flow [data-node-id="scale_it"]').click();
  await expect(nodeDetails(report).getByLabel("Output", { exact: true })).toHaveText("63");
});
