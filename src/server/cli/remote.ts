// Talking to a running Tally server from the CLI: one place for the URL, token and errors.
import { cliEnv } from '../platform/config.ts';
import { InputError, UnavailableError, NotFoundError } from '../platform/problems.ts';

export interface RemoteOptions {
  server?: string;
  token?: string;
}

export function remoteTarget(o: RemoteOptions): { base: string; token?: string } {
  const env = cliEnv();
  return { base: (o.server ?? env.server ?? 'http://127.0.0.1:7070').replace(/\/$/, ''), token: o.token ?? env.token };
}

export async function callServer<T>(o: RemoteOptions, method: string, path: string, body?: unknown): Promise<T> {
  const { base, token } = remoteTarget(o);
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new UnavailableError(`cannot reach the Tally server at ${base}: ${(err as Error).message} (start it with \`tally serve\`, pass --server, or use --offline)`);
  }
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (res.ok) return json as T;
  const message = json?.error?.message ?? `${res.status} ${res.statusText}`;
  if (res.status === 404) throw new NotFoundError(message);
  if (res.status >= 500) throw new UnavailableError(`server error: ${message}`);
  throw new InputError(message, json?.error?.problems ?? []);
}
