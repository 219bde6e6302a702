import { expect, pageAs, test, trpcMutation } from "./fixtures";
import { banner, node, openFlow, savedDocument, settings, testing } from "./flows";

test("test the unsaved draft on the canvas, pin data, test one node on it, unpin", async ({
  browser,
  users,
}) => {
  const page = await openFlow(browser, await users.create("Tester"), "Draft tests", [
    node("source", "code.javascript", { code: "return { n: Math.floor(Math.random() * 1e9) }" }),
    node("double", "code.javascript", { code: "return input.n * 2" }, 250),
  ]);
  const flowId = page.url().split("/").pop()!;

  // An edit, not saved: the test runs the draft as it is on the canvas.
  await page.locator('[data-node-id="double"]').click();
  await settings(page, "double").getByLabel(/^Code/).fill("return input.n * 3");
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await expect(page.getByRole("button", { name: "Run", exact: true })).toBeDisabled();
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(banner(page).locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await expect(page.locator('[data-node-id="double"]')).toHaveAttribute("data-status", "COMPLETED");
  // Still the editor, still version 1 with the changes unsaved.
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}$`));
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  expect((await savedDocument(page, flowId)).nodes[1].config.code).toBe("return input.n * 2");

  // The test's output of source, pinned from the test.
  await page.locator('[data-node-id="source"]').click();
  const sourceOutput = testing(page).getByLabel("Output", { exact: true });
  await expect(sourceOutput).toContainText("n:");
  const first = await sourceOutput.textContent();
  await testing(page).getByRole("button", { name: "Pin this output" }).click();
  await expect(page.locator('[data-node-id="source"]')).toHaveAttribute("data-pinned", "true");
  await expect(page.locator('[aria-label="Code node source, pinned data"]')).toBeVisible();

  // A second test: source is not run again (its random number is the pinned one).
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(banner(page)).toContainText("1 pinned");
  await expect(banner(page).locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await expect(testing(page).getByLabel("Output", { exact: true })).toHaveText(first!);
  await expect(testing(page).getByLabel("Pinned data", { exact: true })).toHaveText(first!);

  // Typed pin data; a broken one is refused with the parse error.
  await testing(page).getByLabel("Pin data (JSON)").fill("{ n: 5 }");
  await testing(page).getByRole("button", { name: "Pin data" }).click();
  await expect(testing(page).getByRole("alert")).toContainText("Not JSON");
  await testing(page).getByLabel("Pin data (JSON)").fill('{ "n": 5 }');
  await testing(page).getByRole("button", { name: "Pin data" }).click();
  await expect(testing(page).getByLabel("Pinned data", { exact: true })).toContainText("n: 5");

  // Test one node from its context menu: upstream from the pin, the draft's code.
  await page.locator('[data-node-id="double"]').click({ button: "right" });
  await page.getByRole("menuitem", { name: /^Test this node/ }).click();
  await expect(banner(page)).toContainText("1 of 2 nodes");
  await expect(banner(page).locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED");
  await page.locator('[data-node-id="double"]').click();
  await expect(testing(page).getByLabel("Output", { exact: true })).toHaveText("15");

  // The run page says what it was; run lists leave tests out.
  const runLink = banner(page).getByRole("link", { name: "Open run page" });
  const runUrl = await runLink.getAttribute("href");

  // Unpin from the context menu: the badge goes.
  await page.locator('[data-node-id="source"]').click({ button: "right" });
  await page.getByRole("menuitem", { name: "Unpin data" }).click();
  await expect(page.locator('[data-node-id="source"]')).not.toHaveAttribute("data-pinned");
  await page.getByRole("button", { name: "Clear test" }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect(page.locator('[data-node-id="double"]')).not.toHaveAttribute("data-status");

  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(runUrl!);
  await expect(page.getByText(/Test of an unsaved draft/)).toBeVisible();
  await expect(page.getByText(/Pinned data stood in for “source”/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Re-run with the same parameters" })).toHaveCount(
    0,
  );
  await page.goto(`/runs?flowId=${flowId}`);
  await expect(page.getByText(/^No runs/)).toBeVisible();
});

test("a draft with a problem is not tested: the banner says why", async ({ browser, users }) => {
  const page = await openFlow(browser, await users.create("Tester"), "Broken draft", [
    node("fetch", "http.request", { method: "GET", url: "https://api.example.test/x" }),
  ]);
  await page.locator('[data-node-id="fetch"]').click();
  await settings(page, "fetch").getByRole("combobox", { name: /^URL/ }).fill("");
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(banner(page)).toContainText("This draft cannot run until it is fixed");
  await expect(banner(page)).toContainText("fetch");
});

test("expressions complete paths from the last test's data, preview as you type, and point at errors", async ({
  browser,
  users,
}) => {
  const page = await openFlow(browser, await users.create("Writer"), "Expressions", [
    node("fetch", "code.javascript", {
      code: "return { body: { items: [{ id: 7, title: 'a' }], total: 1 } }",
    }),
    node("shape", "transform.jsonata", { expression: "$" }, 250),
    node("use", "code.javascript", { code: "return input" }, 500),
  ]);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(banner(page).locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED");

  // Typing a path completes it from the test's output, with types; picking inserts it.
  await page.locator('[data-node-id="shape"]').click();
  const expression = settings(page, "shape").getByLabel(/^Expression/);
  await expression.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("nodes.fetch.output.");
  const options = page.getByRole("listbox").getByRole("option");
  await expect(options).toHaveText([/^body\s*object$/]);
  await options.first().click();
  await expect(expression).toHaveText("nodes.fetch.output.body");
  await page.keyboard.type(".");
  await expect(options).toHaveText([/^items\s*array\[1\]$/, /^total\s*number$/]);
  await options.filter({ hasText: "total" }).click();
  await expect(expression).toHaveText("nodes.fetch.output.body.total");
  // The preview evaluates it over the same data, and follows the typing.
  const preview = settings(page, "shape").getByLabel("Preview of Expression");
  await expect(preview).toHaveText("= 1");
  await page.keyboard.type(" * 10");
  await expect(preview).toHaveText("= 10");
  await page.keyboard.type(" +");
  await expect(preview).toContainText("Error:");
  // Broken JSONata is an error on the Problems panel, not a surprise in a run.
  await expect(page.locator('[data-node-id="shape"]')).toHaveAttribute("data-problems", "1");
  await expect(page.getByRole("region", { name: "Problems" })).toContainText(
    /Expression: .*position/,
  );
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await expect(page.locator('[data-node-id="shape"]')).toHaveAttribute("data-problems", "0");

  // A failing code node: its error's line is marked in the editor.
  await page.locator('[data-node-id="use"]').click();
  const code = settings(page, "use").getByLabel(/^Code/);
  await code.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("const n = input;\nif (n > 5) throw new Error('too big');\nreturn n;");
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(banner(page).locator("[data-status]")).toHaveAttribute("data-status", "FAILED");
  await expect(settings(page, "use").locator(".cm-error-line")).toHaveText(
    /if \(n > 5\) throw new Error\('too big'\);/,
  );
  await expect(testing(page).getByRole("note")).toContainText("too big");
});

test("{{ in a text field completes references from pinned data, by keyboard and mouse", async ({
  browser,
  users,
}) => {
  const page = await openFlow(browser, await users.create("Typist"), "Templates", [
    node("fetch", "code.javascript", { code: "return { id: 1 }" }),
    node("post", "http.request", { method: "GET", url: "https://api.example.test/items" }, 250),
  ]);
  await page.locator('[data-node-id="fetch"]').click();
  await testing(page).getByLabel("Pin data (JSON)").fill('{ "id": 42, "tags": ["a"] }');
  await testing(page).getByRole("button", { name: "Pin data" }).click();
  await expect(page.locator('[data-node-id="fetch"]')).toHaveAttribute("data-pinned", "true");

  await page.locator('[data-node-id="post"]').click();
  const url = settings(page, "post").getByRole("combobox", { name: /^URL/ });
  await url.click();
  await page.keyboard.press("End");
  await page.keyboard.type("/{{ ");
  const options = settings(page, "post")
    .getByRole("listbox", { name: "Completions" })
    .getByRole("option");
  await expect(options).toHaveText([/^params/, /^nodes/, /^secrets/, /^run/]);
  await expect(url).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(url).toHaveValue("https://api.example.test/items/{{ nodes");
  await page.keyboard.type(".");
  await expect(options).toHaveText([/^fetch\s*node$/]);
  await options.first().click();
  await page.keyboard.type(".output.");
  await expect(options).toHaveText([/^id\s*number$/, /^tags\s*array\[1\]$/]);
  await page.keyboard.press("Enter");
  await page.keyboard.type(" }}");
  await expect(url).toHaveValue("https://api.example.test/items/{{ nodes.fetch.output.id }}");
  await expect(url).toHaveAttribute("aria-expanded", "false");
  await expect(settings(page, "post").getByLabel("Preview of URL")).toHaveText(
    '= "https://api.example.test/items/42"',
  );

  // A reviewer (viewer) sees the pin, read-only.
  const invite = await trpcMutation(page.request, "invitation.create", {
    role: "VIEWER",
    expiresInDays: 1,
  });
  const { token } = (await invite.json()).result.data.json as { token: string };
  const viewerPage = await pageAs(browser, await users.create("Reviewer"));
  await trpcMutation(viewerPage.request, "invitation.accept", { token });
  await viewerPage.goto(page.url());
  await expect(viewerPage.locator('[data-node-id="fetch"]')).toHaveAttribute("data-pinned", "true");
  await viewerPage.locator('[data-node-id="fetch"]').click();
  await expect(testing(viewerPage).getByLabel("Pinned data", { exact: true })).toContainText(
    "id: 42",
  );
  for (const control of ["Unpin", "Pin data", "Test this node", "Test from here"])
    await expect(testing(viewerPage).getByRole("button", { name: control })).toHaveCount(0);
  await expect(testing(viewerPage).getByLabel("Pin data (JSON)")).toHaveCount(0);
});
