import { describe, expect, it } from "vitest";
import { isShortDelay, SHORT_DELAY_SECONDS } from "@/server/engine/durable-blocks";

describe("which delays wait inside their step (and may share one)", () => {
  it("a fixed number of seconds up to the limit, given as a number or numeric text", () => {
    expect(isShortDelay({ seconds: 0 })).toBe(true);
    expect(isShortDelay({ seconds: 0.2 })).toBe(true);
    expect(isShortDelay({ seconds: SHORT_DELAY_SECONDS })).toBe(true);
    expect(isShortDelay({ seconds: "2", until: "" })).toBe(true);
  });

  it("never a longer, negative, computed or dated one, nor a malformed config", () => {
    expect(isShortDelay({ seconds: SHORT_DELAY_SECONDS + 0.001 })).toBe(false);
    expect(isShortDelay({ seconds: 3600 })).toBe(false);
    expect(isShortDelay({ seconds: -1 })).toBe(false);
    expect(isShortDelay({ seconds: "{{ params.wait }}" })).toBe(false);
    expect(isShortDelay({ seconds: "soon" })).toBe(false);
    expect(isShortDelay({ seconds: Number.NaN })).toBe(false);
    expect(isShortDelay({ seconds: true })).toBe(false);
    expect(isShortDelay({ seconds: null })).toBe(false);
    expect(isShortDelay({})).toBe(false);
    expect(isShortDelay({ seconds: "" })).toBe(false);
    expect(isShortDelay({ seconds: "  " })).toBe(false);
    expect(isShortDelay({ seconds: 1, until: "2026-12-02T12:00:00Z" })).toBe(false);
  });
});
