// Rolling-origin backtests: the history is cut at several origins; each method forecasts from the
// samples before the cut and is scored against what happened `horizon` later. MAPE (mean absolute
// percentage error) says how far off it was; interval coverage says how often the truth fell inside
// the 95 % interval (about 95 % for honest intervals). The method with the lowest MAPE is proposed.
import { forecastAt, type ForecastOptions, type Method } from './forecast.ts';
import { lowerBound, type Series } from './methods/series.ts';

export interface Backtest {
  method: Method;
  /** Origins scored. */
  origins: number;
  /** Mean absolute percentage error, in percent; null when no origin could be scored. */
  mape: number | null;
  /** Share of actual values inside the 95 % interval, in percent; null for a method without intervals. */
  coverage95: number | null;
}

export interface BacktestResult {
  backtests: Backtest[];
  /** The method with the lowest MAPE. */
  proposed: Method | null;
}

export function backtest(series: Series, methods: readonly Method[], o: Omit<ForecastOptions, 'method' | 'atMs'>, origins = 10): BacktestResult {
  const n = series.t.length;
  const first = n > 0 ? series.t[0] + o.rangeMs : 0;
  const last = n > 0 ? series.t[n - 1] - o.horizonMs : -1;
  const cuts: number[] = [];
  if (last >= first) for (let k = 0; k < origins; k++) cuts.push(Math.round(origins === 1 ? last : first + ((last - first) * k) / (origins - 1)));
  const backtests = methods.map((method): Backtest => {
    let scored = 0, ape = 0, inside = 0, withInterval = 0;
    for (const at of cuts) {
      const f = forecastAt(series, { ...o, method, atMs: at });
      const i = lowerBound(series.t, at + o.horizonMs);
      if (f.value === null || !Number.isFinite(f.value) || i >= n) continue;
      const actual = series.v[i];
      if (!Number.isFinite(actual) || actual === 0) continue;
      // holt_winters answers the smoothed value now: extrapolate nothing, score it as a forecast of now.
      scored++;
      ape += Math.abs((actual - f.value) / actual);
      if (f.lower95 !== undefined && f.upper95 !== undefined) {
        withInterval++;
        if (actual >= f.lower95 && actual <= f.upper95) inside++;
      }
    }
    return { method, origins: scored, mape: scored ? (100 * ape) / scored : null, coverage95: withInterval ? (100 * inside) / withInterval : null };
  });
  const ranked = backtests.filter((b) => b.mape !== null).sort((a, b) => a.mape! - b.mape!);
  return { backtests, proposed: ranked[0]?.method ?? null };
}
