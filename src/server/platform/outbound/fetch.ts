// Fetch helpers for outbound requests: a timeout on every request, a body reader that stops
// at a byte cap (a probe answering megabytes is truncated, never buffered whole), redirects
// followed by hand so that every hop passes the outbound guard, and a small concurrency pool.
import { checkOutboundUrl, defaultResolve, type OutboundPolicy, type ResolveHost } from './guard.ts';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const MAX_REDIRECTS = 5;

/** `fetch` with a deadline (AbortSignal.timeout), combined with any signal already in `init`. */
export function fetchWithTimeout(fetchImpl: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  return fetchImpl(url, { ...init, signal });
}

export interface CappedBody {
  text: string;
  bytes: number;
  truncated: boolean;
}

/** Reads at most `maxBytes` of the body, then cancels the stream. */
export async function readBodyCapped(res: Response, maxBytes = DEFAULT_BODY_LIMIT): Promise<CappedBody> {
  if (!res.body) return { text: '', bytes: 0, truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - bytes;
    chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
    bytes += Math.min(value.byteLength, room);
    if (value.byteLength > room || bytes >= maxBytes) {
      truncated = value.byteLength > room || !(await peekDone(reader));
      break;
    }
  }
  await reader.cancel().catch(() => undefined);
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), bytes, truncated };
}

async function peekDone(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<boolean> {
  const next = await reader.read();
  return next.done || next.value.byteLength === 0;
}

export type GuardedResult = { ok: true; res: Response; url: string } | { ok: false; refused: string; dns: boolean };

/**
 * Fetches `url` after the outbound guard allowed it; follows up to 5 redirects, checking each
 * target again. Network errors and timeouts are thrown as fetch throws them.
 */
export async function guardedFetch(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  opts: { policy: OutboundPolicy; timeoutMs: number; resolve?: ResolveHost },
): Promise<GuardedResult> {
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  let current = url;
  for (let hop = 0; ; hop++) {
    const verdict = await checkOutboundUrl(current, opts.policy, opts.resolve ?? defaultResolve);
    if (!verdict.ok) return { ok: false, refused: verdict.reason, dns: verdict.dns === true };
    deadline.throwIfAborted();
    const res = await fetchImpl(current, { ...init, redirect: 'manual', signal: deadline });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !location || hop >= MAX_REDIRECTS) return { ok: true, res, url: current };
    await res.body?.cancel().catch(() => undefined);
    current = new URL(location, current).toString();
  }
}

/** Maps `items` through `fn` with at most `limit` calls in flight; results keep input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** True when `err` is what fetch throws on an AbortSignal.timeout deadline. */
export function isTimeoutError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

/** The system error code behind a fetch failure (ECONNREFUSED, ENOTFOUND, …), if any. */
export function fetchErrorCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code ?? (err as NodeJS.ErrnoException | undefined)?.code;
}
