// How SLO figures read: percentages with the digits that matter, windows in days or hours.
export const pct = (r: number | null | undefined, digits = 4): string => (r === null || r === undefined ? '–' : `${Number((r * 100).toPrecision(digits))} %`);
export const windowText = (seconds: number): string => (seconds % 86_400 === 0 ? `${seconds / 86_400} d` : `${Math.round(seconds / 3600)} h`);
export const burnText = (rate: number | null): string => (rate === null ? '–' : `${Number(rate.toPrecision(3))}×`);
export const latencyText = (s: number | null): string => (s === null ? '–' : s < 1 ? `${Number((s * 1000).toPrecision(3))} ms` : `${Number(s.toPrecision(3))} s`);
