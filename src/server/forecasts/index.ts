// Resource forecasts: the methods (predict_linear and holt_winters exactly as Prometheus 2.42
// answers them, MSTL/ETS with intervals), time to exhaustion against lead time, rolling-origin
// backtests and `tally forecast --offline`. The only way in from other folders. docs/forecasts.md.
import type { TallyModule } from '../module.ts';
import { forecastCommands } from './forecasts.cli.ts';

export { timeToExhaustion, type Exhaustion } from './exhaustion.ts';
export { forecastAt, type ForecastAnswer } from './forecast.ts';

export const forecastsModule: TallyModule = {
  name: 'forecasts',
  commands: forecastCommands,
};
