// Durations as OpenSLO and Prometheus write them (`5m`, `1h`, `28d`, `1w`): one unit per value,
// the units both understand. Prometheus's own spelling comes back out (`promDuration`).
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DURATION = /^([1-9][0-9]{0,5})([smhdw])$/;

/** Seconds, or undefined when the text is not a duration Tally reads. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2]] : undefined;
}

/** Seconds → the shortest exact Prometheus duration (`300` → `5m`, `86400` → `1d`). */
export function promDuration(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    if (seconds % UNITS[unit] === 0 && seconds >= UNITS[unit]) return `${seconds / UNITS[unit]}${unit}`;
  }
  return `${Math.round(seconds)}s`;
}

export const DURATION_HINT = 'write a number and one unit: s, m, h, d or w (e.g. 5m, 1h, 28d)';
