// Resolves `Authorization: Bearer` to a principal once per request; routes then ask for a role.
import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, principalForToken, requireRole, type Principal, type Role } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import { UnauthenticatedError } from '../problems.ts';
import type { AuthGuard } from './limits.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    anonymousRead: boolean;
  }
  interface FastifyContextConfig {
    /**
     * The route reads an `Authorization` header of this scheme itself (e.g. `Sentry` for error
     * ingest): such a header is left to the route, no principal is attached. Any other scheme,
     * Bearer included, is still checked here.
     */
    ownAuthorizationScheme?: string;
  }
}

export function attachPrincipal(deps: AppDeps, guard: AuthGuard) {
  return async (req: FastifyRequest): Promise<void> => {
    req.anonymousRead = deps.config.server.anonymousRead;
    const header = req.headers.authorization;
    if (!header) return;
    const own = req.routeOptions.config?.ownAuthorizationScheme;
    if (own && header.slice(0, own.length + 1).toLowerCase() === `${own.toLowerCase()} `) return;
    guard.checkBlocked(req);
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await principalForToken(deps.db, match[1], deps.clock()) : undefined;
    if (!principal) {
      await guard.failed(req);
      throw new UnauthenticatedError('the API token is not valid (unknown, revoked, expired or malformed)');
    }
    req.principal = principal;
  };
}

/** Reads are public when anonymous read is on; otherwise any valid token may read. */
export function canRead(req: FastifyRequest): Principal {
  if (req.principal) return req.principal;
  if (req.anonymousRead) return ANONYMOUS;
  return requireRole(undefined, 'viewer');
}

export function mustHave(req: FastifyRequest, role: Role): Principal {
  return requireRole(req.principal, role);
}
