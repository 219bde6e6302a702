// An S3-compatible server on loopback (s3rver: files in a temporary directory), standing in for
// a storage provider. It checks AWS Signature V4 with its fixed key pair.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
// @ts-expect-error s3rver ships no types
import S3rver from "s3rver";

export const S3_KEYS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export async function startS3StandIn(bucket: string) {
  const directory = mkdtempSync(path.join(tmpdir(), "weft-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = (await server.run()) as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
