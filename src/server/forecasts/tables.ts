// Rows of the forecasts tables (migration 0015_forecasts). Added to the Database type by declaration merging.
export interface ForecastSampleRow {
  resource: string;
  /** ISO-8601 UTC. */
  at: string;
  /** null: NaN. */
  value: number | null;
}

export interface ForecastWarningRow {
  resource: string;
  /** The pessimistic exhaustion date announced. */
  pessimistic_at: string;
  sent_at: string;
}

export interface ForecastTables {
  forecast_samples: ForecastSampleRow;
  forecast_warnings: ForecastWarningRow;
}

export const FORECAST_TABLES = ['forecast_samples', 'forecast_warnings'] as const satisfies readonly (keyof ForecastTables)[];

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ForecastTables {}
}
