// Durations as people write them in config and documents: the short form `30d`, `12h`, `90m`,
// `2w`, `45s` or ISO-8601 (`P30D`, `PT12H`, `P1W`). Months and years are refused: their length varies.
import { Duration } from 'luxon';

const SHORT = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const cache = new Map<string, number | undefined>();

/** Milliseconds, or undefined when the text is not a duration we accept (or is zero). */
export function parseDuration(text: string): number | undefined {
  if (cache.has(text)) return cache.get(text);
  const ms = parseUncached(text.trim());
  if (cache.size > 1000) cache.clear();
  cache.set(text, ms);
  return ms;
}

function parseUncached(text: string): number | undefined {
  const m = SHORT.exec(text);
  if (m) return Number(m[1]) * UNIT_MS[m[2]] || undefined;
  if (!/^P/i.test(text) || /^P(\d+Y|\d+M)|^P[^T]*[YM]/i.test(text)) return undefined;
  const d = Duration.fromISO(text.toUpperCase());
  return d.isValid && d.toMillis() > 0 ? d.toMillis() : undefined;
}

/** `30d`, `12h`, `90m` — the largest whole unit, for messages. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}
