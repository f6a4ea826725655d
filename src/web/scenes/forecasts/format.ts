import type { ResourceForecast } from '../../api/forecasts.ts';

export const STATUS_LABEL: Record<ResourceForecast['status'], string> = {
  flagged: 'Within lead time',
  ok: 'OK',
  'not-within': 'Not within 5 years',
  'cannot-forecast': 'Cannot forecast',
};

export const STATUS_CLASS: Record<ResourceForecast['status'], string> = {
  flagged: 'forecast-status forecast-flagged',
  ok: 'forecast-status forecast-ok',
  'not-within': 'forecast-status forecast-ok',
  'cannot-forecast': 'forecast-status forecast-unknown',
};

export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');
export const num = (n: number | null | undefined, unit?: string | null) => (n === null || n === undefined ? '—' : `${Math.round(n * 10) / 10}${unit ? ` ${unit}` : ''}`);

export function bestBacktest(f: ResourceForecast): string {
  const b = f.backtests.find((x) => x.method === f.proposed);
  return b && b.mape !== null ? `${b.method} ${b.mape.toFixed(1)} %` : '—';
}
