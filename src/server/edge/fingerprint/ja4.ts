// JA4, the TLS client fingerprint (FoxIO's published algorithm, BSD-3-Clause; our own code), from
// a ClientHello parsed by `read-tls-client-hello`. Only JA4 itself: JA4H and the rest of JA4+
// are under another licence and are not implemented here.
//
// a: t + version (highest of supported_versions, else the hello's) + d|i (SNI or not) + cipher
//    count + extension count (GREASE left out, at most 99) + first and last character of the first
//    ALPN value (hex digits when either byte is not alphanumeric; 00 when there is none)
// b: sha256 of the sorted cipher list, 12 hex characters (000000000000 when empty)
// c: sha256 of the sorted extensions without SNI and ALPN, then `_` and the signature algorithms in
//    the order sent (no `_` when there are none), 12 hex characters (000000000000 when empty)
import { hash } from 'node:crypto';
import { extensionParsers, type TlsClientHelloMessage } from 'read-tls-client-hello';

const SNI = 0x0000;
const ALPN = 0x0010;
const SIGNATURE_ALGORITHMS = 0x000d;
const SUPPORTED_VERSIONS = 0x002b;

const VERSIONS: Readonly<Record<number, string>> = {
  0x0304: '13', 0x0303: '12', 0x0302: '11', 0x0301: '10', 0x0300: 's3', 0x0002: 's2', 0xfeff: 'd1', 0xfefd: 'd2', 0xfefc: 'd3',
};

/**
 * The library decodes ALPN names as 7-bit ASCII, which drops the high bit of each byte; JA4 needs
 * the bytes. Its parser table is exported for this: ALPN is re-registered to decode byte for byte
 * (latin1), so every name keeps one character per byte (charCodeAt = the byte). Same shape.
 */
function parseAlpnBytes(data: Buffer): { protocols: string[] } {
  const protocols: string[] = [];
  if (data.byteLength < 2 || data.readUInt16BE(0) !== data.byteLength - 2) return { protocols };
  let offset = 2;
  while (offset < data.byteLength) {
    const length = data[offset]!;
    offset += 1;
    protocols.push(data.toString('latin1', offset, Math.min(offset + length, data.byteLength)));
    offset += length;
  }
  return { protocols };
}
(extensionParsers as Record<number, (data: Buffer) => unknown>)[ALPN] = parseAlpnBytes;

const HEX4: string[] = Array.from({ length: 0x10000 }, (_, n) => n.toString(16).padStart(4, '0'));
const COUNT: string[] = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const count = (n: number): string => COUNT[n > 99 ? 99 : n]!;
/** GREASE values (RFC 8701): 0x0a0a, 0x1a1a, … 0xfafa. */
const grease = (x: number): boolean => (x & 0x0f0f) === 0x0a0a && x >> 8 === (x & 0xff);

/**
 * A hashed list as JA4 prints it (four-digit hex, comma-separated; part c's signature algorithms
 * after a `_`) and the first 12 hex characters of its SHA-256.
 */
interface HashedList {
  values: Uint16Array;
  /** How many of `values` come before the `_` (all of them when there is none). */
  split: number;
  text: string;
  hash: string;
}

/**
 * Clients are few (a handful of browsers and libraries), so the same lists recur connection after
 * connection. They are kept, found by a number computed over the values (FNV-1a) and compared
 * value by value: a hit builds no string and hashes nothing. Bounded (emptied when full).
 */
const lists = new Map<number, HashedList[]>();
let listCount = 0;
const MAX_LISTS = 10_000;

function hashedList(values: Uint16Array, n: number, split: number): HashedList {
  let key = 0x811c9dc5 ^ split;
  for (let i = 0; i < n; i++) key = Math.imul(key ^ values[i]!, 0x01000193);
  let bucket = lists.get(key);
  if (bucket) {
    outer: for (const e of bucket) {
      if (e.values.length !== n || e.split !== split) continue;
      for (let i = 0; i < n; i++) if (e.values[i] !== values[i]) continue outer;
      return e;
    }
  }
  let text = '';
  for (let i = 0; i < n; i++) text += i === 0 ? HEX4[values[i]!]! : (i === split ? '_' : ',') + HEX4[values[i]!]!;
  const e: HashedList = { values: values.slice(0, n), split, text, hash: n ? hash('sha256', text, 'hex').slice(0, 12) : '000000000000' };
  if (listCount >= MAX_LISTS) {
    lists.clear();
    listCount = 0;
    bucket = undefined;
  }
  if (bucket) bucket.push(e);
  else lists.set(key, [e]);
  listCount++;
  return e;
}
const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** The two ALPN characters of JA4_a from the first ALPN value's bytes (one character per byte). */
export function alpnChars(first: string | undefined): string {
  if (!first) return '00';
  const a = first.charCodeAt(0);
  const z = first.charCodeAt(first.length - 1);
  if (isAlnum(a) && isAlnum(z)) return first[0]! + first[first.length - 1]!;
  const hex = Buffer.from(first, 'latin1').toString('hex');
  return hex[0]! + hex[hex.length - 1]!;
}

export interface Ja4 {
  /** e.g. t13d1516h2_8daaf6152771_e5627efa2ab1 */
  ja4: string;
  /** The same with the sorted lists in clear (JA4_r), for explaining a fingerprint. */
  raw: string;
}

// Scratch space for one hello's lists (a ClientHello is at most 64 KiB: fewer than 32,768 values).
const scratch = new Uint16Array(0x8000);

/** JA4 and its raw form; `ja4String` when only the fingerprint is wanted. */
export function ja4(hello: TlsClientHelloMessage, transport: 't' | 'q' | 'd' = 't'): Ja4 {
  const parts = ja4Parts(hello, transport);
  return { ja4: `${parts.a}_${parts.b.hash}_${parts.c.hash}`, raw: `${parts.a}_${parts.b.text}_${parts.c.text}` };
}

/** The JA4 fingerprint alone (what the proxy keeps per connection). */
export function ja4String(hello: TlsClientHelloMessage, transport: 't' | 'q' | 'd' = 't'): string {
  const parts = ja4Parts(hello, transport);
  return `${parts.a}_${parts.b.hash}_${parts.c.hash}`;
}

function ja4Parts(hello: TlsClientHelloMessage, transport: string): { a: string; b: HashedList; c: HashedList } {
  const suites = hello.cipherSuites;
  let ciphers = 0;
  for (let i = 0; i < suites.length && ciphers < scratch.length; i++) {
    const c = suites[i]!;
    if (!grease(c)) scratch[ciphers++] = c;
  }
  // Typed arrays sort numerically, in place: four-digit hex strings sort as their numbers do.
  const b = hashedList(scratch.subarray(0, ciphers).sort(), ciphers, ciphers);

  let hashed = 0;
  let extensions = 0;
  let hasSni = false;
  let alpn: string | undefined;
  let sigalgs: readonly number[] | undefined;
  let versions: readonly number[] | undefined;
  const exts = hello.extensions;
  for (let i = 0; i < exts.length; i++) {
    const e = exts[i]!;
    const id = e.id;
    if (grease(id)) continue;
    extensions++;
    if (id === SNI) hasSni = true;
    else if (id === ALPN) alpn = (e.data as { protocols?: string[] } | null)?.protocols?.[0];
    else if (hashed < scratch.length) scratch[hashed++] = id;
    if (id === SIGNATURE_ALGORITHMS) sigalgs = (e.data as { algorithms?: number[] } | null)?.algorithms;
    else if (id === SUPPORTED_VERSIONS) versions = (e.data as { versions?: number[] } | null)?.versions;
  }
  scratch.subarray(0, hashed).sort();
  // Part c: the sorted extensions, then the signature algorithms in the order sent (none: no `_`).
  let n = hashed;
  if (hashed && sigalgs) {
    for (let i = 0; i < sigalgs.length && n < scratch.length; i++) if (!grease(sigalgs[i]!)) scratch[n++] = sigalgs[i]!;
  }
  const c = hashedList(scratch, n, hashed);

  let v = 0;
  if (versions) for (let i = 0; i < versions.length; i++) if (!grease(versions[i]!) && versions[i]! > v) v = versions[i]!;
  const version = VERSIONS[v || hello.version] ?? '00';
  return { a: transport + version + (hasSni ? 'd' : 'i') + count(ciphers) + count(extensions) + alpnChars(alpn), b, c };
}
