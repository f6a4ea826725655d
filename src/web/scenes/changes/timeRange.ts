// The changes page's time range: a preset (`range=24h`) or explicit `from`/`to` (ISO) in the URL.
export const RANGES = [
  { value: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000, bucket: 'hour' },
  { value: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000, bucket: 'hour' },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000, bucket: 'day' },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000, bucket: 'day' },
  { value: '90d', label: 'Last 90 days', ms: 90 * 86_400_000, bucket: 'day' },
] as const;
export const DEFAULT_RANGE = '7d';

/** The window to ask for; minutes are truncated so the query key is stable between refetches. */
export function resolveRange(params: { range: string; from: string; to: string }, now = Date.now()): { from?: string; to?: string; bucket: 'hour' | 'day' } {
  if (params.from || params.to) {
    const span = (params.to ? Date.parse(params.to) : now) - (params.from ? Date.parse(params.from) : now - 30 * 86_400_000);
    return { from: params.from || undefined, to: params.to || undefined, bucket: span <= 2 * 86_400_000 ? 'hour' : 'day' };
  }
  const preset = RANGES.find((r) => r.value === (params.range || DEFAULT_RANGE)) ?? RANGES[2];
  const minute = Math.floor(now / 60_000) * 60_000;
  return { from: new Date(minute - preset.ms).toISOString(), bucket: preset.bucket };
}
