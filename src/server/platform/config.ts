// Loads tally.yaml and the environment once, validates everything with zod, reports every
// problem at once (with its path), and returns a frozen object. The only reader of process.env.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../../common/duration.ts';
import { isPostgresUrl } from './db/url.ts';
import { InputError, problem, zodProblems } from './problems.ts';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((s) => parseDuration(s) !== undefined, { message: 'expected a duration such as 90s, 5m, 12h, 30d or P30D' })
    .transform((s) => parseDuration(s) as number);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The sections modules add to tally.yaml. Empty here: a domain adds its own from its config file
 * with `declare module '../platform/config.ts' { interface ConfigSections { mine: MyConfig } }`
 * and declares the schema in its TallyModule.config, so the platform knows no domain.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ConfigSections {}

export type ConfigSectionSchemas = Record<string, z.ZodType>;

const baseShape = {
  server: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(7070),
      /** Anyone may read (leaderboard, catalog, grades) without a token. */
      anonymousRead: z.boolean().default(true),
      bodyLimitBytes: z.number().int().positive().max(50 * 1024 * 1024).default(1024 * 1024),
      /** Writes per minute per token (or per address without one), and failed sign-ins per minute per address. Off only behind a proxy that limits. */
      rateLimit: z
        .object({ enabled: z.boolean().default(true), writesPerMinute: z.number().int().min(1).default(1200), failedAuthPerMinute: z.number().int().min(1).default(20) })
        .strict()
        .prefault({}),
      /** Deadlines and caps of connections: a slow or stuck client cannot hold the server. */
      connections: z
        .object({
          /** Whole request (headers and body) must arrive within this many ms. */
          requestTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
          /** An idle keep-alive connection is closed after this many ms. */
          keepAliveTimeoutMs: z.number().int().min(1000).max(600_000).default(5_000),
          /** Connections open at once; more are refused. */
          max: z.number().int().min(1).max(100_000).default(1024),
        })
        .strict()
        .prefault({}),
      /**
       * Base URL of this server: links sent out (notifications, badges) and Tally-relative URLs
       * (`/demo/status/checkout`) resolve against it. Default: the address the server listens on.
       */
      publicUrl: z.string().url().optional(),
      /** Serve the demo's helpers (status pages and a webhook receiver under /demo). */
      demo: z.boolean().default(false),
      /** Content-Security-Policy of every answer; the web UI's inline script hashes are added to script-src. */
      contentSecurityPolicy: z
        .string()
        .min(1)
        .max(4096)
        .default("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    })
    .strict()
    .prefault({}),
  database: z
    .object({
      url: z.string().min(1).default('./data/tally.db'),
      /** PostgreSQL streaming replicas that serve read-only work (leaderboard, lists, report cards, charts, exports). */
      readReplicas: z.array(z.string().min(1).max(2000).refine((u) => isPostgresUrl(u), { message: 'expected a postgres:// URL' })).max(16).default([]),
      /** A replica further behind than this is skipped until it catches up (reads go to the primary). */
      maxReplicaLag: duration('10s'),
      /** How often each replica's lag is measured. */
      replicaCheckInterval: duration('1s'),
    })
    .strict()
    .prefault({}),
  logging: z.object({ level: z.enum(LOG_LEVELS).default('info') }).strict().prefault({}),
  catalog: z
    .object({
      /** Files, folders or globs, relative to tally.yaml. Each entry is imported atomically on its own. */
      sources: z.array(z.string().min(1)).default([]),
      refreshInterval: duration('5m'),
      maxFileBytes: z.number().int().positive().default(10 * 1024 * 1024),
    })
    .strict()
    .prefault({}),
  /** Background jobs (jobs/scheduler.ts): how often each process looks for due work, and leases. */
  jobs: z
    .object({
      /** How often every serve/worker process tries to claim due jobs, in ms. */
      tickMs: z.number().int().min(50).max(60_000).default(1000),
      /**
       * Overrides every job's lease in ms (default 30 s; longer for slow jobs): how soon another
       * process takes over the job of one that died. Heartbeats renew it every third, so a short
       * lease costs only queries; it must outlast the database outages a holder should survive.
       */
      leaseMs: z.number().int().min(300).max(3_600_000).optional(),
    })
    .strict()
    .prefault({}),
};

/** The schema of tally.yaml: the platform's sections plus the modules'. */
export function configSchema(sections: ConfigSectionSchemas) {
  for (const key of Object.keys(sections)) if (key in baseShape) throw new Error(`config section '${key}' belongs to the platform`);
  return z.object({ ...baseShape, ...sections }).strict();
}

type BaseConfig = z.infer<z.ZodObject<typeof baseShape>>;
type ServerConfig = BaseConfig['server'] & { publicUrl: string };
export type Config = Readonly<
  Omit<BaseConfig, 'server'> &
    ConfigSections & {
      server: ServerConfig;
      configFile: string | null;
      baseDir: string;
      databaseUrl: string;
      /** True when tally.yaml sets no `server.publicUrl`: it follows the listening address (listeningConfig). */
      publicUrlFromAddress: boolean;
    }
>;

export interface Env {
  TALLY_DATABASE_URL?: string;
  TALLY_LOG_LEVEL?: string;
  [key: string]: string | undefined;
}

/** Validates an already-parsed config object; `baseDir` anchors relative paths. */
export function buildConfig(raw: unknown, opts: { file: string | null; baseDir: string; env: Env; sections: ConfigSectionSchemas }): Config {
  const parsed = configSchema(opts.sections).safeParse(raw ?? {});
  if (!parsed.success) throw InputError.fromProblems('invalid configuration', zodProblems(parsed.error, { file: opts.file ?? undefined }));
  const env = opts.env;
  const url = sqlitePath(env.TALLY_DATABASE_URL || parsed.data.database.url);
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(url)?.[1];
  if (scheme && !isPostgresUrl(url)) {
    const message = `database.url: ${scheme}:// is not a database Tally speaks: use postgres://… or a SQLite file path (optionally sqlite:/path)`;
    throw InputError.fromProblems('invalid configuration', [problem(message, { file: env.TALLY_DATABASE_URL ? undefined : (opts.file ?? undefined), field: env.TALLY_DATABASE_URL ? 'TALLY_DATABASE_URL' : 'database.url' })]);
  }
  const databaseUrl = isPostgresUrl(url) || url === ':memory:' || isAbsolute(url) ? url : resolve(opts.baseDir, url);
  if (parsed.data.database.readReplicas.length > 0 && !isPostgresUrl(databaseUrl)) {
    const message = 'read replicas need PostgreSQL: database.url is a SQLite file (remove database.readReplicas, or use a postgres:// URL)';
    throw InputError.fromProblems('invalid configuration', [problem(message, { file: opts.file ?? undefined, field: 'database.readReplicas' })]);
  }
  const level = env.TALLY_LOG_LEVEL as (typeof LOG_LEVELS)[number] | undefined;
  const logging = level && LOG_LEVELS.includes(level) ? { level } : parsed.data.logging;
  const server = parsed.data.server;
  const derived = server.publicUrl === undefined;
  const publicUrl = server.publicUrl ?? addressUrl(server.host, server.port);
  return deepFreeze({ ...parsed.data, server: { ...server, publicUrl }, logging, configFile: opts.file, baseDir: opts.baseDir, databaseUrl, publicUrlFromAddress: derived }) as unknown as Config;
}

/**
 * The URL at which this process reaches a server listening on `host:port`: the unspecified
 * addresses (0.0.0.0, ::) and an empty host become 127.0.0.1 — a literal, not `localhost`,
 * which may resolve to ::1 while the server listens on IPv4 only.
 */
export function addressUrl(host: string, port: number): string {
  const h = host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/**
 * The configuration of a server once it knows where it listens (`--port` overrides
 * `server.port`; port 0 is only known after listening): `server.host` and `server.port` are
 * the real ones, and a `publicUrl` that tally.yaml does not set follows them.
 */
export function listeningConfig(config: Config, address: { host: string; port: number }): Config {
  const publicUrl = config.publicUrlFromAddress ? addressUrl(address.host, address.port) : config.server.publicUrl;
  if (config.server.host === address.host && config.server.port === address.port && config.server.publicUrl === publicUrl) return config;
  return deepFreeze({ ...config, server: { ...config.server, host: address.host, port: address.port, publicUrl } }) as Config;
}

export function loadConfig(file: string | undefined, sections: ConfigSectionSchemas, env: Env = process.env): Config {
  if (!file) return buildConfig({}, { file: null, baseDir: process.cwd(), env, sections });
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read the configuration: ${(err as Error).message}`, [problem('cannot read the file', { file })]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new InputError(`${file}: not valid YAML: ${(err as Error).message}`, [problem(`not valid YAML: ${(err as Error).message}`, { file })]);
  }
  return buildConfig(raw, { file, baseDir: dirname(path), env, sections });
}

/** What the CLI reads from the environment: the server to talk to, its token, and CI variables. */
export function cliEnv(env: Env = process.env) {
  return {
    server: env.TALLY_SERVER || undefined,
    token: env.TALLY_TOKEN || undefined,
    ci: Object.fromEntries(Object.entries(env).filter(([k]) => /^(GITHUB_|CI_|GITLAB_|BUILDKITE_|CIRCLE_|JENKINS_|BUILD_)/.test(k) || k === 'CI')) as Record<string, string>,
  };
}

/** A SQLite location as other tools write it — `sqlite:/path`, `sqlite:///path`, `file:path` — is the path. */
const sqlitePath = (url: string): string => url.replace(/^(?:sqlite|file):(?:\/\/(?=\/))?/, '');

export { isPostgresUrl };

export function resolveFromConfig(config: Config, path: string): string {
  return isAbsolute(path) ? path : resolve(config.baseDir, path);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
