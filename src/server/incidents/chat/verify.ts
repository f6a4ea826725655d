// Slack's request signing: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" +
// timestamp + ":" + raw body)>` with `X-Slack-Request-Timestamp` in Unix seconds. Requests older
// (or newer) than five minutes are refused, and a signature seen before is a replay. Verified
// before anything is parsed or stored. https://api.slack.com/authentication/verifying-requests-from-slack
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SLACK_TOLERANCE_SECONDS = 300;

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export type SlackVerdict = { ok: true } | { ok: false; reason: string };

export function verifySlackRequest(input: { secret: string | undefined; signature: string | undefined; timestamp: string | undefined; body: string; now: Date }): SlackVerdict {
  if (!input.secret) return { ok: false, reason: 'chat requests are refused: incidents.chat.signingSecret is not set' };
  if (!input.signature || !input.timestamp) return { ok: false, reason: `missing ${input.signature ? 'X-Slack-Request-Timestamp' : 'X-Slack-Signature'} header` };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is not Unix seconds' };
  if (Math.abs(input.now.getTime() / 1000 - Number(input.timestamp)) > SLACK_TOLERANCE_SECONDS) return { ok: false, reason: 'the request is more than 5 minutes old (or from the future): refused as a possible replay' };
  const expected = Buffer.from(slackSignature(input.secret, input.timestamp, input.body));
  const given = Buffer.from(input.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'X-Slack-Signature does not match' };
  return { ok: true };
}
