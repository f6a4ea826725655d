// HMAC-SHA256 signatures of webhook bodies. The signed string is `${timestamp}.${body}` so a
// captured request cannot be replayed later: receivers refuse timestamps outside a tolerance.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Tally-Signature';
export const TIMESTAMP_HEADER = 'X-Tally-Timestamp';
/** How far a timestamp may be from the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`); timestamp in Unix seconds. */
export function signBody(body: string, secret: string, timestamp: number): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function signatureHeaders(body: string, secret: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(body, secret, timestamp) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** What a receiver does before trusting a body: the exact raw bytes, not re-serialised JSON. */
export function verifySignature(input: {
  body: string;
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): VerifyResult {
  const { body, secret, signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: `missing ${!signature ? SIGNATURE_HEADER : TIMESTAMP_HEADER} header` };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'timestamp is not Unix seconds' };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'timestamp outside tolerance (replayed or clock skew)' };
  const expected = Buffer.from(signBody(body, secret, Number(timestamp)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
