// Talking to a running Tally server from the CLI: one place for the URL, token and errors.
import type { Command } from 'commander';
import { cliEnv } from '../config.ts';
import { InputError, NotFoundError, UnavailableError } from '../problems.ts';
import type { CliIo } from './io.ts';

export interface RemoteOptions {
  server?: string;
  token?: string;
}

type RemoteIo = Pick<CliIo, 'env' | 'fetch'>;

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

/** The server's answer to one request; an unreachable server is an UnavailableError naming it. */
export async function fetchServer(o: RemoteOptions, io: RemoteIo, method: string, path: string, body?: unknown): Promise<Response> {
  const { base, token } = remoteTarget(o, io.env);
  try {
    return await (io.fetch ?? fetch)(`${base}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new UnavailableError(`cannot reach the Tally server at ${base}: ${(err as Error).message} (start it with \`tally serve\`, pass --server, or use --offline)`);
  }
}

/** The server's JSON answer; its errors become the matching TallyError (404 NotFound, 5xx Unavailable, else Input). */
export async function callServer<T>(o: RemoteOptions, io: RemoteIo, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetchServer(o, io, method, path, body);
  const text = await res.text();
  let json: { error?: { message?: string; problems?: [] } } | undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new UnavailableError(`${remoteTarget(o, io.env).base}${path} did not answer with JSON (is --server a Tally server?)`);
  }
  if (res.ok) return json as T;
  const message = json?.error?.message ?? `${res.status} ${res.statusText}`;
  if (res.status === 404) throw new NotFoundError(message);
  if (res.status >= 500) throw new UnavailableError(`server error: ${message}`);
  throw new InputError(message, json?.error?.problems ?? []);
}
