import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { promises as dns } from "node:dns";
import { networkInterfaces } from "node:os";
import ipaddr from "ipaddr.js";
import { env } from "@/server/env";

/**
 * The one outbound guard: every connection a block or a notification opens (HTTP, SQL, SMTP,
 * Slack, webhooks) asks it first, with the address it will really connect to.
 */

/** Addresses no block may reach: cloud metadata services and link-local networks. */
const ALWAYS_REFUSED = new Set([
  "linkLocal",
  "unspecified",
  "broadcast",
  "multicast",
  "reserved",
  "teredo",
  "discard",
]);
const METADATA = new Set(["169.254.169.254", "100.100.100.200", "fd00:ec2::254"]);
const PRIVATE = new Set(["private", "loopback", "uniqueLocal", "carrierGradeNat"]);

export class NetworkRefused extends Error {
  override name = "NetworkRefused";
}

/** Whether blocks may call private networks: WEFT_PRIVATE_NETWORKS (or its old HTTP-only name). */
export const allowPrivateNetworks = () =>
  (env().WEFT_PRIVATE_NETWORKS ??
    env().WEFT_HTTP_PRIVATE_NETWORKS ??
    (env().NODE_ENV === "production" ? "deny" : "allow")) === "allow";

/** The IPv4 address inside an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === "ipv4Mapped" || range === "rfc6052") return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === "6to4") return new ipaddr.IPv4(bytes.slice(2, 6));
  return null;
}

/** Why `address` may not be called, or null when it may. */
export function refusal(address: string, allowPrivate: boolean): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6") parsed = embeddedIPv4(parsed as ipaddr.IPv6) ?? parsed;
  const text = parsed.toString();
  const range = parsed.range();
  if (METADATA.has(text)) return `${text} is a cloud metadata address, which is always refused`;
  if (ALWAYS_REFUSED.has(range)) return `${text} is a ${range} address, which is always refused`;
  if (PRIVATE.has(range) && !allowPrivate)
    return `${text} is on a private network; set WEFT_PRIVATE_NETWORKS=allow to call it`;
  return null;
}

interface OwnService {
  name: string;
  port: number;
  /** The service listens on this machine: every local address on its port is it. */
  local: boolean;
  addresses: Set<string>;
}

const normal = (address: string) => {
  const parsed = ipaddr.process(address.replace(/^\[|\]$/g, ""));
  return parsed.toString();
};

const localAddresses = () =>
  new Set(
    Object.values(networkInterfaces())
      .flat()
      .filter(Boolean)
      .map((entry) => normal(entry!.address)),
  );

let ownServices: Promise<OwnService[]> | undefined;

/** Weft's own database, Inngest server and app: never a block's destination. */
function loadOwnServices(): Promise<OwnService[]> {
  const e = env();
  const urls: [string, string | undefined, number][] = [
    ["Weft's own database", e.DATABASE_URL, 5432],
    ["Weft's Inngest server", e.INNGEST_BASE_URL ?? e.INNGEST_DEV, 8288],
    ["Weft's own app", e.NEXTAUTH_URL, 80],
    ["Weft's own app", e.PORT ? `http://127.0.0.1:${e.PORT}` : undefined, 0],
    ["Weft's own app", e.INNGEST_SERVE_ORIGIN, 80],
  ];
  return Promise.all(
    urls.flatMap(([name, raw, defaultPort]) => {
      if (!raw || !URL.canParse(raw)) return [];
      const url = new URL(raw);
      const port = Number(url.port) || (url.protocol === "https:" ? 443 : defaultPort);
      const host = url.hostname.replace(/^\[|\]$/g, "");
      return [
        (ipaddr.isValid(host)
          ? Promise.resolve([host])
          : dns.lookup(host, { all: true }).then(
              (found) => found.map((entry) => entry.address),
              () => [] as string[],
            )
        ).then((found) => {
          const addresses = new Set(found.map(normal));
          const local = found.some((address) => {
            const range = ipaddr.process(address).range();
            return (
              range === "loopback" ||
              range === "unspecified" ||
              localAddresses().has(normal(address))
            );
          });
          return { name, port, local, addresses };
        }),
      ];
    }),
  );
}

/** Refused when `address:port` is one of Weft's own services (whatever private networks allow). */
export async function ownServiceRefusal(address: string, port: number): Promise<string | null> {
  ownServices ??= loadOwnServices();
  const text = normal(address);
  let local: Set<string> | undefined;
  for (const service of await ownServices) {
    if (service.port !== port) continue;
    if (service.addresses.has(text))
      return `${address}:${port} is ${service.name}, which is always refused`;
    if (!service.local) continue;
    local ??= localAddresses();
    const range = ipaddr.process(text).range();
    if (range === "loopback" || range === "unspecified" || local.has(text))
      return `${address}:${port} is ${service.name}, which is always refused`;
  }
  return null;
}

async function check(hostname: string, address: string, port: number, allowPrivate: boolean) {
  const reason = refusal(address, allowPrivate) ?? (await ownServiceRefusal(address, port));
  if (reason) throw new NetworkRefused(`Refused to call ${hostname}: ${reason}`);
}

/**
 * Resolves `hostname` and checks every address it has; the caller connects to the returned
 * address (never to the name again), so a second lookup cannot answer differently (DNS rebinding).
 */
export async function resolveGuarded(
  hostname: string,
  port: number,
): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const allowPrivate = allowPrivateNetworks();
  const found = ipaddr.isValid(host)
    ? [{ address: host, family: host.includes(":") ? 6 : 4 }]
    : await dns.lookup(host, { all: true }).catch((error: Error) => {
        throw new NetworkRefused(`Could not resolve ${host}: ${error.message}`);
      });
  if (!found.length) throw new NetworkRefused(`Could not resolve ${host}`);
  for (const { address } of found) await check(host, address, port, allowPrivate);
  return found[0]!;
}

/**
 * A `lookup` for http.request that refuses forbidden addresses at connect time, so a name that
 * resolves differently on a second lookup (DNS rebinding) cannot slip past a check made earlier.
 */
export function guardedLookup(allowPrivate: boolean, port = 0) {
  return ((
    hostname: string,
    options: { all?: boolean },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      Promise.all(addresses.map(({ address }) => check(hostname, address, port, allowPrivate)))
        .then(() => {
          if (options.all) return callback(null, addresses);
          callback(null, addresses[0]!.address, addresses[0]!.family);
        })
        .catch((refused: Error) => callback(refused, []));
    });
  }) as never;
}
