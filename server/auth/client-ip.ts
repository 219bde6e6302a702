import ipaddr from "ipaddr.js";
import { env } from "../env";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

/** Callers whose address Weft cannot know (no trusted proxy in front): they share one bucket. */
export const UNKNOWN_IP = "unknown";

const trusted = (address: string, proxies: string[]) => {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return proxies.some((entry) => {
    const [range, bits] = entry.includes("/")
      ? ipaddr.parseCIDR(entry)
      : [ipaddr.process(entry), ipaddr.process(entry).kind() === "ipv4" ? 32 : 128];
    return parsed.kind() === range.kind() && parsed.match(range, bits);
  });
};

/**
 * The caller's address. `X-Forwarded-For` is anyone's to write, so it is read only when
 * WEFT_TRUSTED_PROXIES names the proxies in front of Weft: then the client is the right-most
 * address that is not one of them (each proxy appends the address it was called from). Without
 * trusted proxies every caller is UNKNOWN_IP.
 */
export function clientIp(
  headers: HeaderSource,
  proxies: string[] = env().WEFT_TRUSTED_PROXIES ?? [],
): string {
  if (!proxies.length || !headers) return UNKNOWN_IP;
  const raw =
    headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const chain = (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (let index = chain.length - 1; index >= 0; index--) {
    const address = chain[index]!;
    if (!ipaddr.isValid(address)) return UNKNOWN_IP;
    if (!trusted(address, proxies)) return ipaddr.process(address).toString();
  }
  return chain[0] ? ipaddr.process(chain[0]).toString() : UNKNOWN_IP;
}
