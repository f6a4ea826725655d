// Tally's own HTTP client fingerprint (not JA4H): the order of the header names a client sends
// and the values that differ between client kinds (Accept, Accept-Encoding, the first
// Accept-Language tag), each hashed to 8 hex characters, after the HTTP version:
// `h11-3fa9c2e1-0b7d22aa`. The User-Agent's value, cookies and hosts are left out, so rotating
// user agents or sites does not change it.
import { hash } from 'node:crypto';

// What proxies in front add or rewrite (nginx's auth_request recipe sets the X- ones), so the same
// client has the same fingerprint directly and behind nginx.
const IGNORED = new Set(['cookie', 'host', 'content-length', 'connection', 'x-forwarded-for', 'x-forwarded-proto', 'x-real-ip', 'x-original-uri', 'x-original-method', 'x-request-id', 'x-edge-answer', 'x-ja4', 'forwarded']);
// The same few clients come again and again: their hashes are kept (bounded, emptied when full).
const hashes = new Map<string, string>();
function h8(s: string): string {
  let h = hashes.get(s);
  if (h === undefined) {
    if (hashes.size >= 10_000) hashes.clear();
    h = hash('sha256', s, 'hex').slice(0, 8);
    hashes.set(s, h);
  }
  return h;
}

/** rawHeaders as Node gives them: [name, value, name, value, …] in the order received. */
export function httpFingerprint(httpVersion: string, rawHeaders: readonly string[]): string {
  const names: string[] = [];
  let accept = '';
  let encoding = '';
  let language = '';
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (name.startsWith(':') || IGNORED.has(name)) continue;
    names.push(name);
    const value = rawHeaders[i + 1]!;
    if (name === 'accept') accept = value;
    else if (name === 'accept-encoding') encoding = value.replace(/\s+/g, '');
    else if (name === 'accept-language') language = value.split(/[,;]/)[0]!.trim().toLowerCase();
  }
  const version = httpVersion.replace('.', '').slice(0, 2).padEnd(2, '0');
  return `h${version}-${h8(names.join(','))}-${h8(`${accept}|${encoding}|${language}`)}`;
}

/** The operating system a User-Agent claims, for comparison with the TCP fingerprint's. */
export function claimedOs(userAgent: string | undefined): 'windows' | 'mac' | 'linux' | 'android' | 'ios' | undefined {
  if (!userAgent) return undefined;
  if (/android/i.test(userAgent)) return 'android';
  if (/iphone|ipad|ipod/i.test(userAgent)) return 'ios';
  if (/windows/i.test(userAgent)) return 'windows';
  if (/mac os x|macintosh/i.test(userAgent)) return 'mac';
  if (/linux|x11/i.test(userAgent)) return 'linux';
  return undefined;
}
