// Domain errors: the one error model of Tally. Domains throw these; only http/errors.ts
// maps them to status codes, and main.ts maps them to exit codes. No HTTP in here.
import type { z } from 'zod';

import type { Problem } from '../../common/problem.ts';

export type { Problem } from '../../common/problem.ts';

export function problem(message: string, at: Omit<Problem, 'message' | 'severity'> = {}, severity: Problem['severity'] = 'error'): Problem {
  return { severity, message, ...at };
}

/**
 * `FILE:LINE:COLUMN: FIELD: message` — the one-line form of the CLI and /status, which editors
 * and CI annotations jump to. Without a known line: `FILE: FIELD: message` (document N when a
 * file holds several).
 */
export function formatProblem(p: Problem): string {
  let where = '';
  if (p.file !== undefined && p.line !== undefined) where = `${p.file}:${p.line}:${p.column ?? 1}: `;
  else if (p.file !== undefined) where = p.doc ? `${p.file} (document ${p.doc + 1}): ` : `${p.file}: `;
  else if (p.doc !== undefined) where = `document ${p.doc + 1}: `;
  const field = p.field ? `${p.field}: ` : '';
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}${field}${prefix}${p.message}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['spec', 'dependsOn', 1]` → `spec.dependsOn[1]`; keys that are not identifiers are quoted: `annotations["a/b"]`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>, base = ''): string {
  let out = base;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

/** The inverse of fieldPath: `spec.a[2]["x/y"]` → ['spec', 'a', 2, 'x/y']; undefined for text it did not write. */
export function parseFieldPath(field: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let i = 0;
  while (i < field.length) {
    re.lastIndex = i;
    const m = re.exec(field);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
    i = re.lastIndex;
  }
  return out;
}

/** zod issues → Problems naming the field path, e.g. `server.port` or `changes[2].summary`. */
export function zodProblems(error: z.ZodError, at: Omit<Problem, 'message' | 'severity' | 'field'> = {}, prefix = ''): Problem[] {
  return error.issues.map((issue) => problem(issue.message, { ...at, field: fieldPath(issue.path, prefix) || undefined }));
}

export const errorsOnly = (ps: Problem[]): Problem[] => ps.filter((p) => p.severity === 'error');

export abstract class TallyError extends Error {
  abstract readonly kind: 'input' | 'not-found' | 'conflict' | 'not-allowed' | 'unauthenticated' | 'too-large' | 'unsupported-media' | 'unavailable' | 'rate-limited';
  constructor(message: string, readonly problems: Problem[] = []) {
    super(message);
    this.name = new.target.name;
  }
}

/** The caller sent something invalid. `problems` lists every fault found, not just the first. */
export class InputError extends TallyError {
  readonly kind = 'input' as const;
  static fromProblems(what: string, problems: Problem[]): InputError {
    const errors = errorsOnly(problems);
    const first = errors[0] ? formatProblem(errors[0]) : 'invalid';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return new InputError(`${what}: ${first}${more}`, problems);
  }
}
export class NotFoundError extends TallyError {
  readonly kind = 'not-found' as const;
}
export class ConflictError extends TallyError {
  readonly kind = 'conflict' as const;
}
/** Authenticated, but the role does not allow this. */
export class NotAllowedError extends TallyError {
  readonly kind = 'not-allowed' as const;
}
/** No valid credentials were given for something that needs them. */
export class UnauthenticatedError extends TallyError {
  readonly kind = 'unauthenticated' as const;
}
export class TooLargeError extends TallyError {
  readonly kind = 'too-large' as const;
}
/** A body in a type or charset Tally does not read (JSON must be UTF-8). */
export class UnsupportedMediaError extends TallyError {
  readonly kind = 'unsupported-media' as const;
}
/** A dependency (database, remote server) could not be reached; `retryAfterSeconds` hints when to try again. */
export class UnavailableError extends TallyError {
  readonly kind = 'unavailable' as const;
  constructor(message: string, problems: Problem[] = [], readonly retryAfterSeconds?: number) {
    super(message, problems);
  }
}
/** Too many requests from one caller; `retryAfterSeconds` says when to come back. */
export class RateLimitedError extends TallyError {
  readonly kind = 'rate-limited' as const;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}
