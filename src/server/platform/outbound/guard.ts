// The outbound guard: every request Tally makes to a URL it did not choose itself (check
// probes, webhooks, revert actions, notifications) passes through here first (DESIGN.md §9).
//
// Rules, in order:
// 1. only http: and https: URLs;
// 2. when `allow` is non-empty, host[:port] must match one of its patterns;
//    an empty list means "any host", subject to the address rules below;
// 3. the host is resolved (all addresses) and every address must be acceptable:
//    - link-local (169.254.0.0/16, fe80::/10) and cloud-metadata addresses/names
//      (169.254.169.254, fd00:ec2::254, metadata.google.internal) need `allowLinkLocal`;
//    - private, loopback and unspecified addresses (10/8, 172.16/12, 192.168/16,
//      100.64/10, 127/8, 0/8, fc00::/7, ::1, ::) need `allowPrivate`, or a host that an
//      `allow` pattern names explicitly (the operator listed it, e.g. `127.0.0.1` for the demo).
// Known limit: the address is checked before the request and resolved again by fetch, so a
// DNS answer that changes in between (rebinding) is not caught; redirects are re-checked.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface OutboundPolicy {
  allow: string[];
  allowPrivate: boolean;
  allowLinkLocal: boolean;
}
export type OutboundVerdict = { ok: true } | { ok: false; reason: string; dns?: boolean };
/** Resolves a host name to all its addresses; injectable so tests need no DNS. */
export type ResolveHost = (host: string) => Promise<string[]>;

export const defaultResolve: ResolveHost = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** What the guard reads from tally.yaml: the `checks.outbound` section and the server's own address (a `Config` fits). */
export interface OutboundConfig {
  checks: { outbound: { readonly allow: readonly string[]; readonly allowPrivate: boolean; readonly allowLinkLocal: boolean } };
  /** Absent: not a server (no demo, no own address). */
  server?: { readonly demo: boolean; readonly publicUrl: string };
}

/**
 * The policy of a configuration: `checks.outbound`, plus in demo mode the server's own address
 * (`server.publicUrl`'s host:port), where the demo's status pages and webhook receivers live.
 * Only that host and port are added, so the demo reaches itself on whatever port it listens.
 */
export function outboundPolicyOf(config: OutboundConfig): OutboundPolicy {
  const { allow, allowPrivate, allowLinkLocal } = config.checks.outbound;
  const self = config.server?.demo ? [selfPattern(config.server.publicUrl)] : [];
  return { allow: [...allow, ...self], allowPrivate, allowLinkLocal };
}

function selfPattern(publicUrl: string): string {
  const u = new URL(publicUrl);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}
/** Checks one URL against the configured policy; never throws. */
export type OutboundCheck = (url: string) => Promise<OutboundVerdict>;

/**
 * The one outbound check built from config, for URLs Tally is told to call by configuration or
 * the catalog (revert actions, notification targets): outboundPolicyOf(config), the same
 * guard check probes pass (any public host by default; private, loopback, link-local and
 * cloud-metadata addresses refused unless allowed there).
 */
export function outboundCheckFor(config: OutboundConfig, resolve: ResolveHost = defaultResolve): OutboundCheck {
  const policy = outboundPolicyOf(config);
  return (url) => checkOutboundUrl(url, policy, resolve);
}

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

export async function checkOutboundUrl(url: string, policy: OutboundPolicy, resolve: ResolveHost = defaultResolve): Promise<OutboundVerdict> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: `not a valid URL: ${url.slice(0, 200)}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, reason: `only http and https URLs are allowed, not ${parsed.protocol}` };
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  const listed = policy.allow.some((p) => matchesAllowPattern(p, host, port));
  if (policy.allow.length > 0 && !listed) return { ok: false, reason: `host ${host}:${port} is not in outbound.allow` };
  if (METADATA_HOSTS.has(host) && !policy.allowLinkLocal) return { ok: false, reason: `${host} is a cloud metadata endpoint` };
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (err) {
    return { ok: false, reason: `cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, dns: true };
  }
  if (addresses.length === 0) return { ok: false, reason: `cannot resolve ${host}: no addresses`, dns: true };
  for (const address of addresses) {
    const refusal = refuseAddress(address, policy, listed);
    if (refusal) return { ok: false, reason: host === address ? refusal : `${host} resolves to ${refusal}` };
  }
  return { ok: true };
}

function refuseAddress(address: string, policy: OutboundPolicy, listed: boolean): string | undefined {
  const cls = classifyAddress(address);
  if ((cls === 'metadata' || cls === 'link-local') && !policy.allowLinkLocal) return `${address}, a ${cls === 'metadata' ? 'cloud metadata' : 'link-local'} address`;
  if ((cls === 'private' || cls === 'loopback') && !policy.allowPrivate && !listed) return `${address}, a ${cls} address (allowPrivate is off)`;
  return undefined;
}

export type AddressClass = 'metadata' | 'link-local' | 'loopback' | 'private' | 'public';

/**
 * Classifies an IPv4 or IPv6 literal. IPv6 forms that embed an IPv4 address (mapped
 * ::ffff:a.b.c.d, also written ::ffff:a9fe:a9fe; compatible ::a.b.c.d; NAT64 64:ff9b::/96)
 * are judged as that IPv4 address.
 */
export function classifyAddress(address: string): AddressClass {
  const a = address.toLowerCase();
  if (METADATA_ADDRESSES.has(a)) return 'metadata';
  if (isIP(a) === 4) return classifyV4(a.split('.').map(Number));
  const g = expandV6(a);
  if (!g) return 'private'; // unparseable: refuse unless private addresses are allowed
  const embedsV4 = g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || (g[5] === 0 && (g[6] !== 0 || g[7] > 1)));
  if (embedsV4 || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))) {
    return classifyAddress([g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.'));
  }
  if (g.every((x, i) => x === (i === 7 ? 1 : 0))) return 'loopback';
  if (g.every((x) => x === 0)) return 'private';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xfe00) === 0xfc00) return 'private';
  return 'public';
}

function classifyV4([a, b]: number[]): AddressClass {
  if (a === 169 && b === 254) return 'link-local';
  if (a === 127) return 'loopback';
  if (a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  return 'public';
}

/** The 8 16-bit groups of an IPv6 literal (a trailing dotted IPv4 part included), or undefined. */
function expandV6(a: string): number[] | undefined {
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  const text = v4 ? a.slice(0, v4.index) + [(+v4[1] << 8) | +v4[2], (+v4[3] << 8) | +v4[4]].map((n) => n.toString(16)).join(':') : a;
  const [head, tail] = text.split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((x) => parseInt(x, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const groups = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffff) ? groups : undefined;
}

/**
 * Allow patterns: `host`, `host:port`, `*.domain` (any subdomain, not the domain itself),
 * `*.domain:port`, `[v6addr]` / `[v6addr]:port`. Case-insensitive; no port = any port.
 */
export function matchesAllowPattern(pattern: string, host: string, port: string): boolean {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(pattern.trim().toLowerCase());
  if (!m) return false;
  const patHost = m[1].replace(/^\[|\]$/g, '');
  if (m[2] !== undefined && m[2] !== port) return false;
  if (patHost.startsWith('*.')) return host.endsWith(patHost.slice(1)) && host.length > patHost.length - 1;
  return patHost === host;
}
