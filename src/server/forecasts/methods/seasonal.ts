// The seasonal method: MSTL (seasonal-trend decomposition by Loess, one or more periods) with an
// AutoETS trend, from the augurs library (@bsull/augurs, Rust compiled to WebAssembly: runs
// offline, in-process). It needs evenly spaced samples; it answers point forecasts with 80 % and
// 95 % prediction intervals.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AutoETS, initSync as initEts } from '@bsull/augurs/ets';
import { initSync as initMstl, MSTL } from '@bsull/augurs/mstl';

let ready = false;

function init(): void {
  if (ready) return;
  const dir = dirname(createRequire(import.meta.url).resolve('@bsull/augurs/mstl'));
  initMstl({ module: readFileSync(join(dir, 'mstl_bg.wasm')) });
  initEts({ module: readFileSync(join(dir, 'ets_bg.wasm')) });
  ready = true;
}

export interface SeasonalForecast {
  point: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

/**
 * Forecasts `steps` values after `values` (evenly spaced), with the seasonal `periods` (in
 * steps; periods with fewer than two full cycles in the history are left out), or why it could not.
 */
export function seasonalForecast(values: ArrayLike<number>, periods: readonly number[], steps: number): SeasonalForecast | string {
  init();
  const usable = periods.filter((p) => p >= 2 && values.length >= 2 * p);
  const y = Float64Array.from(values);
  // Without a usable season, AutoETS alone (the trend model MSTL would use).
  const model = usable.length > 0 ? MSTL.ets(usable) : new AutoETS(1, 'ZZN');
  try {
    model.fit(y);
    const f95 = model.predict(steps, 0.95);
    const f80 = model.predict(steps, 0.8);
    return {
      point: f95.point,
      lower80: f80.intervals?.lower ?? [],
      upper80: f80.intervals?.upper ?? [],
      lower95: f95.intervals?.lower ?? [],
      upper95: f95.intervals?.upper ?? [],
    };
  } catch (err) {
    return `the seasonal model could not be fitted: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    model.free();
  }
}
