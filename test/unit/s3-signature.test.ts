import { describe, expect, it } from "vitest";
import { s3Sign, s3Url } from "@/server/connections/clients";

// The worked examples of AWS's "Signature Version 4: transferring payload in a single chunk"
// (S3 API reference): the same inputs must give the same signatures.
const example = {
  endpoint: "https://s3.amazonaws.com",
  region: "us-east-1",
  bucket: "examplebucket",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  pathStyle: false,
};
const at = new Date("2013-05-24T00:00:00Z");

describe("S3 request signing (AWS Signature Version 4)", () => {
  it("signs GET Object as AWS's example does", () => {
    const url = s3Url(example, "test.txt");
    expect(url.href).toBe("https://examplebucket.s3.amazonaws.com/test.txt");
    const headers = s3Sign(example, "GET", url, Buffer.alloc(0), { Range: "bytes=0-9" }, at);
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
  });

  it("signs GET Bucket (list objects) with its query as AWS's example does", () => {
    const url = s3Url(example, "", { "max-keys": "2", prefix: "J" });
    const headers = s3Sign(example, "GET", url, Buffer.alloc(0), {}, at);
    expect(headers.authorization).toMatch(
      /Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7$/,
    );
  });

  it("addresses a bucket path-style for self-hosted services, keys encoded per segment", () => {
    const url = s3Url(
      { ...example, endpoint: "http://127.0.0.1:9000", pathStyle: true },
      "a b/ü?.txt",
    );
    expect(url.href).toBe("http://127.0.0.1:9000/examplebucket/a%20b/%C3%BC%3F.txt");
  });
});
