// Encrypted debug blobs for error pages. A service shows its users a short opaque text on an
// error page; whoever they send it to (support, the developer) decrypts it with Tally and finds
// the event by its trace id. Format (docs/errors.md):
//   tdb1.<key id>.<base64url(12-byte IV ‖ AES-256-GCM ciphertext ‖ 16-byte tag)>
// The plaintext is JSON: { traceId, eventId?, time, host? }. The key id is also the additional
// authenticated data, so a blob cannot be moved under another key. A service's newest key
// encrypts; all its keys decrypt, so rotating never breaks old blobs.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { InputError } from '../../platform/problems.ts';

export interface DebugData {
  traceId: string;
  eventId?: string;
  time: string;
  host?: string;
}

const PREFIX = 'tdb1';
const MAX_BLOB = 4096;

/** The helper services use (also usable as it stands in any Node service): data → blob. */
export function encryptDebugBlob(keyId: string, secret: Buffer, data: DebugData): string {
  if (secret.length !== 32) throw new Error('the key must be 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
  return `${PREFIX}.${keyId}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

/** The key id a blob names; InputError when it is not a blob. */
export function blobKeyId(blob: string): string {
  const parts = blob.trim().split('.');
  if (blob.length > MAX_BLOB || parts.length !== 3 || parts[0] !== PREFIX || !/^[A-Za-z0-9_-]{1,64}$/.test(parts[1]!) || !/^[A-Za-z0-9_-]+$/.test(parts[2]!)) {
    throw new InputError('body.blob: not a Tally debug blob (tdb1.<key id>.<data>)');
  }
  return parts[1]!;
}

export function decryptDebugBlob(blob: string, secret: Buffer): DebugData {
  const keyId = blobKeyId(blob);
  const raw = Buffer.from(blob.trim().split('.')[2]!, 'base64url');
  if (raw.length < 12 + 16 + 2) throw new InputError('body.blob: too short to be a debug blob');
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as DebugData;
  } catch {
    throw new InputError('body.blob: it does not decrypt with its key (altered, truncated, or made with another key)');
  }
}
