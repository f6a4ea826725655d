// The one place where domain errors become HTTP responses: `{ error: { code, message, problems? } }`.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { TallyError, type Problem } from '../problems.ts';

const STATUS: Record<TallyError['kind'], number> = {
  input: 400,
  unauthenticated: 401,
  'not-allowed': 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media': 415,
  'rate-limited': 429,
  unavailable: 503,
};

/** The HTTP status of a domain error: for the few routes that answer in another protocol's body (Sentry's ingest). */
export function httpStatusOf(err: TallyError): number {
  return STATUS[err.kind];
}

export interface ErrorBody {
  error: { code: string; message: string; problems?: Problem[] };
}

export function errorBody(code: string, message: string, problems?: Problem[]): ErrorBody {
  return { error: { code, message, ...(problems && problems.length ? { problems } : {}) } };
}

/** Errors of a database connection that dropped or refused (restart, failover, idle timeout, proxy): retryable. */
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'SQLITE_BUSY']);
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return CONNECTION_CODES.has(String(e?.code)) || /Connection terminated|connection error|Client has encountered a connection error|not queryable/i.test(String(e?.message ?? ''));
}

export function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isConnectionError(err)) {
    req.log.warn({ err: (err as Error).message }, 'database unavailable; answered 503');
    return reply.status(503).header('retry-after', '1').send(errorBody('unavailable', 'the database is unavailable for a moment; retry shortly'));
  }
  if (err instanceof TallyError) {
    const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retry !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(retry))));
    return reply.status(STATUS[err.kind]).send(errorBody(err.kind, err.message, err.problems));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'request';
    const problems: Problem[] = err.validation.map((v) => ({
      severity: 'error',
      field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return reply.status(400).send(errorBody('input', `invalid ${where}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems));
  }
  const fe = err as FastifyError;
  if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(errorBody('too-large', 'request body is over the size limit'));
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return reply.status(fe.statusCode).send(errorBody('input', fe.message));
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send(errorBody('internal', 'internal error; the server log has the details'));
}
