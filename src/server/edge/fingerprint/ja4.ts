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
import { extensionParsers, isGREASE, type TlsClientHelloMessage } from 'read-tls-client-hello';

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
const hex4 = (n: number): string => HEX4[n & 0xffff]!;
const count = (n: number): string => (n >= 99 ? '99' : n < 10 ? `0${n}` : String(n));

// Clients are few (a handful of browsers and libraries), so the same lists recur connection after
// connection: their hashes are kept (a bounded map, emptied when full).
const hashes = new Map<string, string>();
function hash12(text: string): string {
  let h = hashes.get(text);
  if (h === undefined) {
    if (hashes.size >= 10_000) hashes.clear();
    h = hash('sha256', text, 'hex').slice(0, 12);
    hashes.set(text, h);
  }
  return h;
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

export function ja4(hello: TlsClientHelloMessage, transport: 't' | 'q' | 'd' = 't'): Ja4 {
  const ciphers: number[] = [];
  for (const c of hello.cipherSuites) if (!isGREASE(c)) ciphers.push(c);
  const hashed: number[] = [];
  let extensions = 0;
  let hasSni = false;
  let alpn: string | undefined;
  let sigalgs: number[] = [];
  let versions: number[] | undefined;
  for (const e of hello.extensions) {
    if (isGREASE(e.id)) continue;
    extensions++;
    if (e.id === SNI) hasSni = true;
    else if (e.id === ALPN) alpn = (e.data as { protocols?: string[] } | null)?.protocols?.[0];
    else hashed.push(e.id);
    if (e.id === SIGNATURE_ALGORITHMS) sigalgs = (e.data as { algorithms?: number[] } | null)?.algorithms ?? [];
    else if (e.id === SUPPORTED_VERSIONS) versions = (e.data as { versions?: number[] } | null)?.versions;
  }
  let v = 0;
  for (const x of versions ?? []) if (!isGREASE(x) && x > v) v = x;
  const version = VERSIONS[v || hello.version] ?? '00';
  const a = `${transport}${version}${hasSni ? 'd' : 'i'}${count(ciphers.length)}${count(extensions)}${alpnChars(alpn)}`;
  // Four-digit hex strings sort as their numbers do.
  const sortedCiphers = ciphers.sort((x, y) => x - y).map(hex4).join(',');
  const sortedExtensions = hashed.sort((x, y) => x - y).map(hex4).join(',');
  let sigs = '';
  for (const x of sigalgs) if (!isGREASE(x)) sigs += sigs ? `,${hex4(x)}` : hex4(x);
  const cText = sigs ? `${sortedExtensions}_${sigs}` : sortedExtensions;
  const b = sortedCiphers ? hash12(sortedCiphers) : '000000000000';
  const c = sortedExtensions ? hash12(cText) : '000000000000';
  return { ja4: `${a}_${b}_${c}`, raw: `${a}_${sortedCiphers}_${cText}` };
}
