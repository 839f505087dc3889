// Where the collector may send alerts. A channel URL is chosen by an admin (or by whoever holds an
// admin session), so without a guard it is a way to make the collector call services inside its
// own network: a database's HTTP port, a cloud metadata endpoint (169.254.169.254). Destinations
// that resolve to loopback, private, link-local, shared or reserved addresses are refused, unless
// BURNRATE_OUTBOUND_ALLOW names them (self-hosted receivers). The check runs when a channel is
// saved, again before each send, and a third time inside the connection's own DNS lookup, so a
// name that resolves to a public address at the check and a private one a moment later (DNS
// rebinding) still cannot reach inside.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface OutboundPolicy {
  /** Addresses and ranges that may be reached although internal. */
  allowedAddresses: BlockList;
  /** Host names that may be reached whatever they resolve to. */
  allowedHosts: Set<string>;
}

/** The error code a refused destination carries, for the delivery log's error class. */
export const REFUSED_CODE = 'EBURNRATE_INTERNAL_ADDRESS';

export class OutboundRefusedError extends Error {
  readonly code = REFUSED_CODE;
}

type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

// IANA special-purpose ranges that are not the public internet, with what on-call should read.
const INTERNAL_RANGES: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'this-network'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'documentation'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['198.51.100.0', 24, 'ipv4', 'documentation'],
  ['203.0.113.0', 24, 'ipv4', 'documentation'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'private (unique local)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
  ['2001:db8::', 32, 'ipv6', 'documentation'],
];

const INTERNAL = INTERNAL_RANGES.map(([network, prefix, family, label]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, label };
});

/** An IPv4 address carried inside an IPv6 one (::ffff:a.b.c.d, 64:ff9b::/96 NAT64), else undefined. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Why an address must not be reached ("loopback", "private"…), or undefined for a public one. */
export function internalAddressKind(address: string): string | undefined {
  const v4 = embeddedIpv4(address);
  if (v4) return internalAddressKind(v4);
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  return INTERNAL.find(({ list }) => list.check(address, family))?.label;
}

export function outboundPolicy(allow: readonly string[]): OutboundPolicy {
  const allowedAddresses = new BlockList();
  const allowedHosts = new Set<string>();
  for (const entry of allow) {
    const [network, prefix] = entry.split('/');
    const family = isIP(network!);
    if (family === 0) allowedHosts.add(entry.toLowerCase());
    else if (prefix === undefined) allowedAddresses.addAddress(network!, family === 6 ? 'ipv6' : 'ipv4');
    else allowedAddresses.addSubnet(network!, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
  }
  return { allowedAddresses, allowedHosts };
}

function refusal(policy: OutboundPolicy, host: string, address: string): OutboundRefusedError | undefined {
  const kind = internalAddressKind(address);
  if (!kind || policy.allowedAddresses.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return undefined;
  return new OutboundRefusedError(
    `${host} resolves to a ${kind} address (${address}); burnrate does not send inside its own network unless BURNRATE_OUTBOUND_ALLOW lists it`,
  );
}

const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/**
 * Refuses a URL whose host is, or resolves to, an internal address. A host that does not resolve
 * at all is let through: nothing can be reached through it now, and the send-time check runs again.
 */
export async function checkDestination(url: string, policy: OutboundPolicy, resolve: Resolver = systemResolver): Promise<void> {
  const host = bareHost(new URL(url));
  if (policy.allowedHosts.has(host)) return;
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host).catch(() => []);
  for (const { address } of addresses) {
    const refused = refusal(policy, host, address);
    if (refused) throw refused;
  }
}

/** net.connect's lookup, refusing internal answers at the moment the socket connects. */
function guardedLookup(policy: OutboundPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const allowed = policy.allowedHosts.has(hostname.toLowerCase());
        const refused = allowed ? undefined : addresses.map(({ address }) => refusal(policy, hostname, address)).find(Boolean);
        if (refused) return callback(refused, '', 0);
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, wanted);
        const first = wanted[0];
        if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/**
 * fetch for alert deliveries, on node:http(s) so the connection's own DNS answer is checked.
 * It never follows a redirect: a 3xx is returned as it is, and the delivery treats it as a failure.
 */
export function guardedFetch(policy: OutboundPolicy, resolve: Resolver = systemResolver): typeof fetch {
  const lookup = guardedLookup(policy, resolve);
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    await checkDestination(url.href, policy, resolve);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolveResponse, reject) => {
      const request = send(
        url,
        { method: init.method ?? 'GET', headers: init.headers as Record<string, string>, lookup, signal: init.signal ?? undefined },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers.set(name, String(value));
            const status = response.statusCode ?? 0;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolveResponse(new Response(body, { status, headers }));
          });
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        // A timeout surfaces as fetch's own TimeoutError, so the delivery log says what happened.
        if (init.signal?.aborted) return reject(init.signal.reason);
        reject(Object.assign(new TypeError('fetch failed'), { cause: error }));
      });
      request.end(init.body === undefined || init.body === null ? undefined : String(init.body));
    });
  }) as typeof fetch;
}
