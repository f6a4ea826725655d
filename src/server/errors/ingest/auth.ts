// Which DSN key a request carries: `X-Sentry-Auth: Sentry sentry_key=…, sentry_version=7`, the
// same in `Authorization: Sentry sentry_key=…` (what some SDKs and relays send), the
// `sentry_key` query parameter, or the envelope header's `dsn` (what SDKs tunnelling through a
// proxy send). The first found counts.

/** `sentry_key=abc, sentry_version=7` → { sentry_key: 'abc', … }. */
export function parseAuthHeader(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  const body = value.replace(/^\s*Sentry\s+/i, '');
  for (const part of body.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** The public key of a DSN (`https://KEY@host/42`), or undefined. */
export function keyOfDsn(dsn: unknown): string | undefined {
  if (typeof dsn !== 'string') return undefined;
  try {
    return new URL(dsn).username || undefined;
  } catch {
    return undefined;
  }
}

export function requestKey(headers: Record<string, string | string[] | undefined>, query: Record<string, unknown>): string | undefined {
  const h = (k: string) => {
    const v = headers[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const fromHeader = parseAuthHeader(h('x-sentry-auth')).sentry_key;
  if (fromHeader) return fromHeader;
  const authorization = h('authorization');
  const fromAuthorization = authorization && /^\s*Sentry\s/i.test(authorization) ? parseAuthHeader(authorization).sentry_key : undefined;
  if (fromAuthorization) return fromAuthorization;
  const q = query.sentry_key;
  return typeof q === 'string' && q ? q : undefined;
}
