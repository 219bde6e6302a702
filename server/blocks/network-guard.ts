import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";

/** Addresses no block may reach: cloud metadata services and link-local networks. */
const ALWAYS_REFUSED = new Set(["linkLocal", "unspecified", "broadcast", "multicast", "reserved"]);
const METADATA = new Set(["169.254.169.254", "100.100.100.200", "fd00:ec2::254"]);
const PRIVATE = new Set(["private", "loopback", "uniqueLocal", "carrierGradeNat"]);

export class NetworkRefused extends Error {
  override name = "NetworkRefused";
}

/** Why `address` may not be called, or null when it may. */
export function refusal(address: string, allowPrivate: boolean): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const text = parsed.toString();
  const range = parsed.range();
  if (METADATA.has(text)) return `${text} is a cloud metadata address, which is always refused`;
  if (ALWAYS_REFUSED.has(range)) return `${text} is a ${range} address, which is always refused`;
  if (PRIVATE.has(range) && !allowPrivate)
    return `${text} is on a private network; set WEFT_HTTP_PRIVATE_NETWORKS=allow to call it`;
  return null;
}

/**
 * A `lookup` for http.request that refuses forbidden addresses at connect time, so a name that
 * resolves differently on a second lookup (DNS rebinding) cannot slip past a check made earlier.
 */
export function guardedLookup(allowPrivate: boolean) {
  return ((
    hostname: string,
    options: { all?: boolean },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const reason = refusal(address, allowPrivate);
        if (reason)
          return callback(new NetworkRefused(`Refused to call ${hostname}: ${reason}`), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as never;
}
