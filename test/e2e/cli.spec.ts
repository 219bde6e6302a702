// The `weft` command line as CI would run it: a real process against the real app.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { baseURL } from "../../playwright.config";
import { expect, sessionCookie, test, trpcMutation, type TestUser } from "./fixtures";

const weftBin = path.resolve("cli/weft.mjs");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function weft(args: string[], options: { cwd: string; key?: string }): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [weftBin, ...args],
      {
        cwd: options.cwd,
        env: {
          ...process.env,
          WEFT_URL: baseURL,
          WEFT_API_KEY: options.key ?? "",
          WEFT_POLL_MS: "100",
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function apiKey(request: Parameters<typeof trpcMutation>[0], user: TestUser) {
  const cookie = await sessionCookie(user);
  const reply = await trpcMutation(
    request,
    "apiKey.create",
    { name: "CI" },
    { cookie: `${cookie.name}=${cookie.value}` },
  );
  expect(reply.status(), await reply.text()).toBe(200);
  return (await reply.json()).result.data.json.key as string;
}

const doubleFlow = (code: string) => ({
  schemaVersion: 1,
  name: "Double",
  parameters: [{ name: "n", type: "number", required: true }],
  nodes: [
    {
      id: "double",
      block: "code.javascript",
      name: "Double",
      position: { x: 0, y: 0 },
      config: { code },
    },
  ],
  edges: [],
});

test.describe("weft CLI", () => {
  let dir = "";
  test.beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "weft-cli-"));
  });
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("validate, push, pull, a dry run's diff, and a push refused after an edit in Weft", async ({
    users,
    request,
  }) => {
    test.setTimeout(90_000);
    const key = await apiKey(request, await users.create());
    const auth = { authorization: `Bearer ${key}` };

    writeFileSync(
      path.join(dir, "broken.flow.json"),
      JSON.stringify({
        ...doubleFlow("return 1"),
        edges: [{ id: "e", source: "double", target: "nowhere" }],
      }),
    );
    writeFileSync(path.join(dir, "garbage.flow.json"), "{ not json");
    const checked = await weft(["validate", "broken.flow.json", "garbage.flow.json"], { cwd: dir });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('edges[0].target: Edge e points at unknown node "nowhere"');
    expect(checked.stdout).toContain("garbage.flow.json\n    error   not valid JSON");

    writeFileSync(
      path.join(dir, "double.flow.json"),
      JSON.stringify(doubleFlow("return params.n * 2")),
    );
    const refused = await weft(["push"], { cwd: dir, key });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Nothing was pushed");
    expect((await (await request.get("/api/v1/flows", { headers: auth })).json()).flows).toEqual(
      [],
    );

    rmSync(path.join(dir, "broken.flow.json"));
    rmSync(path.join(dir, "garbage.flow.json"));
    const created = await weft(["push"], { cwd: dir, key });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/double\.flow\.json: created flow \S+ \(version 1\)/);

    // Pulled into another directory: one formatted file per flow and the manifest.
    const copy = path.join(dir, "copy");
    const pulled = await weft(["pull", copy], { cwd: dir, key });
    expect(pulled.code, pulled.stderr).toBe(0);
    const file = path.join(copy, "double.flow.json");
    const text = readFileSync(file, "utf8");
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "name": "Double",')).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(copy, "weft-manifest.json"), "utf8"));
    const flowId = manifest.flows["double.flow.json"].id as string;
    expect(manifest.flows["double.flow.json"].version).toBe(1);
    expect((await weft(["pull", copy], { cwd: dir, key })).stderr).toContain(
      "unchanged double.flow.json",
    );

    // A dry run shows the change field by field and saves nothing.
    writeFileSync(file, text.replace("params.n * 2", "params.n * 3"));
    const dry = await weft(["push", "--dry-run", "double.flow.json"], { cwd: copy, key });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      '~ nodes.double.config.code: "return params.n * 2" → "return params.n * 3"',
    );
    const latest = async () =>
      (await (await request.get(`/api/v1/flows/${flowId}`, { headers: auth })).json()).version;
    expect(await latest()).toBe(1);

    // Someone saves in Weft meanwhile: the push is refused and says which versions.
    const edited = await request.put(`/api/v1/flows/${flowId}`, {
      headers: { ...auth, "if-match": "1" },
      data: doubleFlow("return params.n * 4"),
    });
    expect(edited.status()).toBe(200);
    const conflict = await weft(["push"], { cwd: copy, key });
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toContain("version 2 was saved in Weft since version 1");
    expect(await latest()).toBe(2);

    // Pull, change, push: version 3.
    await weft(["pull"], { cwd: copy, key });
    writeFileSync(file, readFileSync(file, "utf8").replace("params.n * 4", "params.n * 5"));
    const saved = await weft(["push", "-m", "Times five"], { cwd: copy, key });
    expect(saved.stdout).toContain("double.flow.json: saved version 3");
    expect(await latest()).toBe(3);
    const flow = await (await request.get(`/api/v1/flows/${flowId}`, { headers: auth })).json();
    expect(flow.message).toBe("Times five");
    expect((await weft(["push"], { cwd: copy, key })).stdout).toContain("unchanged (version 3)");
  });

  test("run --wait follows a run to its end; runs lists it; export --ts prints the module", async ({
    users,
    request,
  }) => {
    test.setTimeout(90_000);
    const key = await apiKey(request, await users.create());
    writeFileSync(
      path.join(dir, "double.flow.json"),
      JSON.stringify(doubleFlow("return params.n * 2")),
    );
    const failing = { ...doubleFlow("throw new Error('no ' + params.n)"), name: "Broken" };
    writeFileSync(path.join(dir, "broken.flow.json"), JSON.stringify(failing));
    expect((await weft(["push"], { cwd: dir, key })).code).toBe(0);

    const ok = await weft(["run", "Double", "--param", "n=21", "--wait"], { cwd: dir, key });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("double: 42");
    expect(ok.stderr).toMatch(/\d\d:\d\d:\d\d {2}completed +double/);
    expect(ok.stderr).toContain("[####################] 1/1 completed");

    const bad = await weft(["run", "broken.flow.json", "-p", "n=7", "--wait"], { cwd: dir, key });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("double failed: Error: no 7");

    const missing = await weft(["run", "Double", "--wait"], { cwd: dir, key });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("parameters.n: n is required");

    const listed = await weft(["runs", "--flow", "Double"], { cwd: dir, key });
    expect(listed.code).toBe(0);
    expect(listed.stdout.split("\n")[0]).toMatch(/^RUN\s+FLOW\s+VERSION\s+STATUS/);
    expect(listed.stdout).toMatch(/Double\s+v1\s+completed\s+api/);
    expect(listed.stdout).not.toContain("Broken");

    const exported = await weft(["export", "Double", "--ts"], { cwd: dir, key });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("export const double = inngest.createFunction(");
    expect(exported.stdout).toContain("return params.n * 2");

    const wrongKey = await weft(["runs"], { cwd: dir, key: "weft_not-a-key" });
    expect(wrongKey.code).toBe(3);
    expect(wrongKey.stderr).toContain("401");
    const unknown = await weft(["deploy"], { cwd: dir, key });
    expect(unknown.code).toBe(2);
  });
});
