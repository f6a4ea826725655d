// Talking to a running Tally server from the CLI: one place for the URL, token and errors.
import type { Command } from 'commander';
import { cliEnv } from '../config.ts';
import { InputError, NotFoundError, UnavailableError } from '../problems.ts';

export interface RemoteOptions {
  server?: string;
  token?: string;
}

/** Adds `--server` and `--token` to a command that talks to a server. */
export function remoteOptions(cmd: Command): Command {
  return cmd
    .option('--server <url>', 'the Tally server (default: TALLY_SERVER, else http://127.0.0.1:7070)')
    .option('--token <token>', 'API token (default: TALLY_TOKEN)');
}

export function remoteTarget(o: RemoteOptions, env: Readonly<Record<string, string | undefined>>): { base: string; token?: string } {
  const e = cliEnv(env);
  return { base: (o.server ?? e.server ?? 'http://127.0.0.1:7070').replace(/\/$/, ''), token: o.token ?? e.token };
}

export async function callServer<T>(o: RemoteOptions, env: Readonly<Record<string, string | undefined>>, method: string, path: string, body?: unknown): Promise<T> {
  const { base, token } = remoteTarget(o, env);
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
  let json: { error?: { message?: string; problems?: [] } } | undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new UnavailableError(`${base}${path} did not answer with JSON (is --server a Tally server?)`);
  }
  if (res.ok) return json as T;
  const message = json?.error?.message ?? `${res.status} ${res.statusText}`;
  if (res.status === 404) throw new NotFoundError(message);
  if (res.status >= 500) throw new UnavailableError(`server error: ${message}`);
  throw new InputError(message, json?.error?.problems ?? []);
}
