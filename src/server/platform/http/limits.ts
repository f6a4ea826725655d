// Rate limits (@fastify/rate-limit): writes per token (or per address without a token), and
// failed authentication per address — past it the address is refused, with Retry-After, until
// its window ends, whatever token it tries. Counters are per process.
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { RateLimitedError } from '../problems.ts';

const WINDOW_MS = 60_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route limits its own writes (e.g. error ingest, per project): the per-token write limit skips it. */
    ownWriteLimit?: boolean;
  }
}
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthGuard {
  /** Throws when the address is blocked after too many failed sign-ins. */
  checkBlocked(req: FastifyRequest): void;
  /** Counts a failed sign-in; throws RateLimitedError once the address is over its limit. */
  failed(req: FastifyRequest): Promise<void>;
}

const NO_LIMITS: AuthGuard = { checkBlocked: () => undefined, failed: async () => undefined };

export async function registerRateLimits(app: FastifyInstance, deps: Pick<AppDeps, 'config' | 'clock'>): Promise<AuthGuard> {
  const limits = deps.config.server.rateLimit;
  if (!limits.enabled) return NO_LIMITS;
  await app.register(fastifyRateLimit, { global: false });
  const writes = app.createRateLimit({ max: limits.writesPerMinute, timeWindow: WINDOW_MS, keyGenerator: (req) => (req.principal ? `token:${req.principal.name}` : `ip:${req.ip}`) });
  const failures = app.createRateLimit({ max: limits.failedAuthPerMinute, timeWindow: WINDOW_MS, keyGenerator: (req) => `ip:${req.ip}` });
  const blockedUntil = new Map<string, number>();

  app.addHook('preHandler', async (req) => {
    if (READS.has(req.method) || req.routeOptions.config?.ownWriteLimit) return;
    const r = await writes(req);
    if (!r.isAllowed && r.isExceeded) throw new RateLimitedError(`more than ${limits.writesPerMinute} writes a minute from ${r.key}; slow down`, r.ttlInSeconds);
  });

  return {
    checkBlocked(req) {
      const until = blockedUntil.get(req.ip);
      if (until === undefined) return;
      const left = until - deps.clock().getTime();
      if (left > 0) throw new RateLimitedError(`too many failed sign-ins from ${req.ip}; try again later`, left / 1000);
      blockedUntil.delete(req.ip);
    },
    async failed(req) {
      const r = await failures(req);
      if (r.isAllowed || !r.isExceeded) return;
      if (blockedUntil.size > 100_000) blockedUntil.clear();
      blockedUntil.set(req.ip, deps.clock().getTime() + r.ttl);
      throw new RateLimitedError(`too many failed sign-ins from ${req.ip}; try again later`, r.ttlInSeconds);
    },
  };
}
