import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStorage } from "@/server/blocks/storage";
import type { BlockError } from "@/server/blocks/types";
import { createTeamWithOwner } from "../../factories";
import { S3_KEYS, startS3StandIn } from "../../support/s3";
import { blockContext } from "./context";

let s3: Awaited<ReturnType<typeof startS3StandIn>>;
let values: Record<string, unknown>;
beforeAll(async () => {
  s3 = await startS3StandIn("weft-bucket");
  values = {
    endpoint: s3.endpoint,
    region: "us-east-1",
    bucket: "weft-bucket",
    pathStyle: true,
    ...S3_KEYS,
  };
});
afterAll(() => s3.close());

const run = (config: Record<string, unknown>, connection = values) =>
  runStorage(blockContext(config, { connection: async () => connection }).ctx).then(
    (r) => r.output,
  );
const failure = (config: Record<string, unknown>, connection = values) =>
  run(config, connection).then(
    () => expect.fail("the operation should have failed"),
    (error: unknown) => error as BlockError,
  );

describe("storage.s3 against an S3-compatible server", () => {
  it("puts and gets text, JSON and bytes, lists by prefix and deletes", async () => {
    expect(
      await run({ operation: "put", key: "reports/a.txt", content: "héllo", encoding: "text" }),
    ).toMatchObject({ key: "reports/a.txt", size: 6 });
    expect(
      await run({
        operation: "put",
        key: "reports/b.json",
        content: { n: [1, 2] },
        encoding: "json",
      }),
    ).toMatchObject({ size: 11 });
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await run({
      operation: "put",
      key: "raw/all.bin",
      content: bytes.toString("base64"),
      encoding: "base64",
    });
    expect(await run({ operation: "get", key: "reports/a.txt" })).toMatchObject({
      content: "héllo",
      size: 6,
    });
    expect(await run({ operation: "get", key: "reports/b.json", encoding: "json" })).toMatchObject({
      content: { n: [1, 2] },
      contentType: "application/json",
    });
    expect(await run({ operation: "get", key: "raw/all.bin", encoding: "base64" })).toMatchObject({
      content: bytes.toString("base64"),
      size: 256,
    });
    const listed = (await run({ operation: "list", prefix: "reports/" })) as {
      objects: { key: string; size: number }[];
    };
    expect(listed.objects.map((o) => [o.key, o.size])).toEqual([
      ["reports/a.txt", 6],
      ["reports/b.json", 11],
    ]);
    expect(await run({ operation: "delete", key: "reports/a.txt" })).toEqual({
      key: "reports/a.txt",
      deleted: true,
    });
    const after = (await run({ operation: "list", prefix: "reports/" })) as {
      objects: { key: string }[];
    };
    expect(after.objects.map((o) => o.key)).toEqual(["reports/b.json"]);
  });

  it("fails clearly: a missing key, a wrong secret key, a missing bucket, bad base64, an object over the limit", async () => {
    const missing = await failure({ operation: "get", key: "nope.txt" });
    expect(missing.message).toMatch(/^GET nope.txt failed: NoSuchKey/);
    expect(missing.retryable).toBe(false);
    // s3rver checks the key id (it does not compute V4 signatures: test/unit/s3-signature.test.ts
    // checks ours against AWS's worked examples).
    expect(
      (await failure({ operation: "list" }, { ...values, accessKeyId: "WRONG" })).message,
    ).toMatch(/^Listing the bucket failed: InvalidAccessKeyId/);
    expect(
      (
        await failure(
          { operation: "put", key: "x", content: "y" },
          { ...values, bucket: "no-such-bucket" },
        )
      ).message,
    ).toMatch(/NoSuchBucket/);
    expect(
      (await failure({ operation: "put", key: "x", content: "not base64!", encoding: "base64" }))
        .message,
    ).toBe("config.content: is not base64 (A–Z, a–z, 0–9, +, /, = padding)");
    await run({ operation: "put", key: "big.txt", content: "x".repeat(3000) });
    expect((await failure({ operation: "get", key: "big.txt", maxKb: 2 })).message).toMatch(
      /^big.txt: The response is larger than the limit of 2 KB/,
    );
    expect((await failure({ operation: "get", key: "" })).message).toMatch(/^config.key/);
  });

  it("Test connection reaches the bucket, or says why not", async () => {
    const { caller } = await createTeamWithOwner("Storage");
    expect(await caller.connection.test({ type: "s3", values })).toEqual({
      ok: true,
      message: 'Reached the bucket "weft-bucket"',
    });
    expect(
      await caller.connection.test({ type: "s3", values: { ...values, accessKeyId: "WRONG" } }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/^AccessDenied/) });
    expect(
      await caller.connection.test({ type: "s3", values: { ...values, bucket: "missing" } }),
    ).toMatchObject({ ok: false, message: "NoSuchBucket: the bucket does not exist" });
  });
});
