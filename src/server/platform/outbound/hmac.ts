// Verifying HMAC signatures of webhooks Tally receives (GitHub's X-Hub-Signature-256, generic
// webhooks with their sender's header and prefix). What Tally sends is signed by sign.ts.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HmacAlgorithm = 'sha256' | 'sha512';

export function hmacHex(secret: string, body: Buffer | string, algorithm: HmacAlgorithm = 'sha256'): string {
  return createHmac(algorithm, secret).update(body).digest('hex');
}

/**
 * True when `header` is `prefix + hex(HMAC(secret, body))`. Compared in constant time; a
 * missing or malformed header, or an empty secret, is never valid.
 */
export function verifyHmac(
  body: Buffer | string,
  header: string | undefined,
  secret: string,
  opts: { algorithm?: HmacAlgorithm; prefix?: string } = {},
): boolean {
  const prefix = opts.prefix ?? 'sha256=';
  if (!secret || typeof header !== 'string' || !header.startsWith(prefix)) return false;
  const given = header.slice(prefix.length).trim().toLowerCase();
  const expected = hmacHex(secret, body, opts.algorithm ?? 'sha256');
  if (!/^[0-9a-f]+$/.test(given) || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}
