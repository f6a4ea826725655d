import { describe, expect, it } from 'vitest';
import { signBody, signatureHeaders, verifySignature } from './sign.ts';

const now = new Date('2026-11-24T09:00:00Z');
const body = '{"type":"grade-up"}';

describe('signatures', () => {
  it('signs `${timestamp}.${body}` with HMAC-SHA256 (known vector)', () => {
    // printf '1795510800.{"type":"grade-up"}' | openssl dgst -sha256 -hmac s3cret
    expect(signBody(body, 's3cret', 1795510800)).toBe('sha256=9b52a7778f2049b2dc1c74e41444c7da4015a1fea585eebaa1248c1aac014b54');
    expect(signatureHeaders(body, 's3cret', now)).toEqual({ 'X-Tally-Timestamp': '1795510800', 'X-Tally-Signature': signBody(body, 's3cret', 1795510800) });
  });

  it('verifies a round trip and refuses tampering, a wrong secret, replays and missing headers', () => {
    const h = signatureHeaders(body, 's3cret', now);
    const base = { body, secret: 's3cret', signature: h['X-Tally-Signature'], timestamp: h['X-Tally-Timestamp'], now };
    expect(verifySignature(base)).toEqual({ ok: true });
    expect(verifySignature({ ...base, body: body.replace('up', 'down') })).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifySignature({ ...base, secret: 'other' }).ok).toBe(false);
    expect(verifySignature({ ...base, timestamp: String(Number(base.timestamp) + 1) }).ok).toBe(false);
    expect(verifySignature({ ...base, now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: 'timestamp outside tolerance (replayed or clock skew)' });
    expect(verifySignature({ ...base, signature: undefined })).toEqual({ ok: false, reason: 'missing X-Tally-Signature header' });
    expect(verifySignature({ ...base, signature: 'sha256=00' }).ok).toBe(false);
  });
});
