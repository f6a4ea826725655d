// One delivery attempt of a notification, and the retry schedule. The caller persists
// deliveries, attempts and idempotency keys; this file does no storage and never throws.
import { fetchWithTimeout, isTimeoutError, readBodyCapped } from '../platform/outbound/fetch.ts';
import { formatSlack, formatWebhook, type NotificationEvent } from './format.ts';
import { signatureHeaders } from '../platform/outbound/sign.ts';

export interface DeliveryTarget {
  /** slack: incoming webhook; webhook: signed JSON; slack-api: chat.postMessage to a channel (url `slack:CHANNEL`); email: SMTP (url `mailto:ADDRESS`). */
  kind: 'slack' | 'webhook' | 'slack-api' | 'email';
  url: string;
  /** Webhooks: HMAC secret; when set, requests carry X-Tally-Signature and X-Tally-Timestamp. */
  secret?: string;
}

export interface DeliveryDeps {
  fetch: typeof fetch;
  now: () => Date;
  timeoutMs: number;
}

export interface DeliveryResult {
  ok: boolean;
  status?: number;
  error?: string;
  durationMs: number;
}

/** The exact body and headers sent for a target (exported so receivers' tests can rebuild them). */
export function buildRequest(target: DeliveryTarget, event: NotificationEvent, now: Date): { body: string; headers: Record<string, string> } {
  const payload = target.kind === 'slack' ? formatSlack(event) : formatWebhook(event);
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'tally-notifications/1' };
  if (event.id) headers['x-tally-delivery'] = event.id;
  if (target.kind === 'webhook' && target.secret) Object.assign(headers, signatureHeaders(body, target.secret, now));
  return { body, headers };
}

/** The part of a receiver's answer that is read (the error quotes its first 200 characters). */
const RESPONSE_LIMIT = 4096;

/** One attempt: 2xx is success; redirects are not followed (a moved hook is a config error). */
export async function deliver(target: DeliveryTarget, event: NotificationEvent, deps: DeliveryDeps): Promise<DeliveryResult> {
  const started = deps.now().getTime();
  const elapsed = () => Math.max(0, deps.now().getTime() - started);
  try {
    const { body, headers } = buildRequest(target, event, new Date(started));
    // The deadline covers reading the answer too: the signal aborts the body stream.
    const res = await fetchWithTimeout(deps.fetch, target.url, { method: 'POST', body, headers, redirect: 'manual' }, deps.timeoutMs);
    const { text } = await readBodyCapped(res, RESPONSE_LIMIT);
    if (res.ok) return { ok: true, status: res.status, durationMs: elapsed() };
    return { ok: false, status: res.status, error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, durationMs: elapsed() };
  } catch (err) {
    const error = isTimeoutError(err) ? `timed out after ${deps.timeoutMs} ms` : describeError(err);
    return { ok: false, error, durationMs: elapsed() };
  }
}

/** The error's message with the system code of its cause, e.g. `fetch failed (ECONNREFUSED)`. */
function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string } }).cause;
    return cause?.code ? `${err.message} (${cause.code})` : err.message;
  }
  return String(err);
}

/** Delay before retry number `attempt` (1 = the first retry): 30 s doubling, capped at 1 h. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 3_600_000;
/** Attempts in all, the first included: 30s, 1m, 2m, 4m, 8m, 16m, 32m, 1h, 1h → about 3.5 h of trying. */
export const MAX_ATTEMPTS = 10;

export function backoffDelay(attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 30));
}

/** Worth retrying: network errors, timeouts, 408, 429 and 5xx. Other 4xx will fail the same way again. */
export function isRetryable(result: DeliveryResult): boolean {
  if (result.ok) return false;
  if (result.status === undefined) return true;
  return result.status === 408 || result.status === 429 || result.status >= 500;
}
