// Option parsers shared by every command. A bad value is a usage error (exit 2) naming the option.
import { parseDuration } from '../../../common/duration.ts';
import { parseInstant } from '../../../common/instant.ts';
import { UsageError } from './io.ts';

export function intOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number, got "${value}"`);
    return n;
  };
}

export function portOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a port number from 0 to 65535, got "${value}"`);
  return n;
}

export function formatOption(allowed: string[]) {
  return (value: string): string => {
    if (!allowed.includes(value)) throw new UsageError(`--format must be one of ${allowed.join(', ')}, got "${value}"`);
    return value;
  };
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** One of `allowed`; anything else is a usage error naming the option and the choices (kept on the parser as `choices`). */
export function choiceOption(name: string, allowed: readonly string[]) {
  const parse = (value: string): string => {
    if (!allowed.includes(value)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
    return value;
  };
  return Object.assign(parse, { choices: allowed });
}

/** A comma-separated list of `allowed` values. */
export function choicesOption(name: string, allowed: readonly string[]) {
  return (value: string): string => {
    const bad = value.split(',').map((v) => v.trim()).filter((v) => !allowed.includes(v));
    if (bad.length) throw new UsageError(`${name} takes a comma-separated list of ${allowed.join(', ')}; "${bad.join(', ')}" is not one`);
    return value;
  };
}

/**
 * A future instant: ISO-8601 (`2027-03-01`, `2027-03-01T12:00:00Z`) or a duration from now
 * (`30d`, `12h`, `P2W`). Returned as ISO text; the server checks its own limits.
 */
export function expiryOption(name: string, now: () => Date = () => new Date()) {
  return (value: string): string => {
    const ms = parseDuration(value);
    if (ms !== undefined) return new Date(now().getTime() + ms).toISOString();
    const at = parseInstant(value);
    if (!at.ok) throw new UsageError(`${name} must be a date-time (2027-03-01T12:00:00Z) or a duration from now (30d, 12h), got "${value}"`);
    return at.date.toISOString();
  };
}
