// ACK links: `<publicUrl>/oncall/ack?token=…`, the token naming the page, the person and when
// it expires, signed with HMAC-SHA256 (oncall.ackSecret). A changed byte or a past expiry is refused.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { NotAllowedError } from '../../platform/problems.ts';

export interface AckClaim {
  page: string;
  user: string;
  /** Epoch seconds. */
  exp: number;
}

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(`tally-oncall-ack.${body}`).digest('base64url');

export function signAck(secret: string, claim: AckClaim): string {
  const body = Buffer.from(JSON.stringify([claim.page, claim.user, claim.exp])).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export function verifyAck(secret: string | undefined, token: string, now: Date): AckClaim {
  if (!secret) throw new NotAllowedError('ACK links are off: oncall.ackSecret is not set');
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) throw new NotAllowedError('not an ACK link token');
  const want = Buffer.from(mac(secret, body));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw new NotAllowedError('the ACK link was altered or signed with another key');
  let claim: AckClaim;
  try {
    const [page, user, exp] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string, number];
    claim = { page, user, exp };
  } catch {
    throw new NotAllowedError('not an ACK link token');
  }
  if (claim.exp * 1000 <= now.getTime()) throw new NotAllowedError(`the ACK link expired at ${new Date(claim.exp * 1000).toISOString()}`);
  return claim;
}
