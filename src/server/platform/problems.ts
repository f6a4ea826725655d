// Domain errors: the one error model of Tally. Domains throw these; only http/errors.ts
// maps them to status codes, and main.ts maps them to exit codes. No HTTP in here.
import type { z } from 'zod';

/** One thing wrong with an input, located as precisely as we can: file, document index, field. */
export interface Problem {
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  /** 0-based index of the YAML document inside a multi-document file. */
  doc?: number;
  /** Dotted path of the field at fault, e.g. `spec.owner` or `requirements[2].weight`. */
  field?: string;
}

export function problem(message: string, at: Omit<Problem, 'message' | 'severity'> = {}, severity: Problem['severity'] = 'error'): Problem {
  return { severity, message, ...at };
}

/** `FILE:DOC_INDEX: FIELD: message` — the one-line form used by the CLI and /status. */
export function formatProblem(p: Problem): string {
  const where = p.file !== undefined ? `${p.file}:${p.doc ?? 0}: ` : p.doc !== undefined ? `document ${p.doc}: ` : '';
  const field = p.field ? `${p.field}: ` : '';
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}${field}${prefix}${p.message}`;
}

/** zod issues → Problems naming the field path, e.g. `server.port` or `changes[2].summary`. */
export function zodProblems(error: z.ZodError, at: Omit<Problem, 'message' | 'severity' | 'field'> = {}, prefix = ''): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const field = (prefix + path).replace(/^\./, '') || undefined;
    return problem(issue.message, { ...at, field });
  });
}

export const errorsOnly = (ps: Problem[]): Problem[] => ps.filter((p) => p.severity === 'error');

export abstract class TallyError extends Error {
  abstract readonly kind: 'input' | 'not-found' | 'conflict' | 'not-allowed' | 'unauthenticated' | 'too-large' | 'unavailable';
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
/** A dependency (database, remote server) could not be reached. */
export class UnavailableError extends TallyError {
  readonly kind = 'unavailable' as const;
}
