import { describe, expect, it } from "vitest";
import { socketDirectory } from "@/server/db/embedded";

describe("the embedded PostgreSQL's Unix socket", () => {
  it("goes in the data directory when its path fits the system's limit", () => {
    expect(socketDirectory("/home/ana/weft/.data/postgres", 5432)).toBe(
      "/home/ana/weft/.data/postgres",
    );
    const longest = `/${"d".repeat(100 - "/.s.PGSQL.65535".length - 1)}`;
    expect(socketDirectory(longest, 65535)).toBe(longest);
    expect(socketDirectory(`${longest}x`, 65535)).toBeNull();
  });

  it("is left out (TCP alone) for a directory PostgreSQL's list of them cannot name", () => {
    for (const directory of ["/srv/my weft/pg", "/srv/a,b/pg", '/srv/"q"/pg', "/srv/it's/pg"])
      expect(socketDirectory(directory, 5432), directory).toBeNull();
  });
});
