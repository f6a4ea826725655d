// Parsing the Prometheus HTTP API's instant-query answer
// (https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries).
export interface PromSample {
  labels: Record<string, string>;
  value: number;
}

export type PromParsed = { ok: true; samples: PromSample[] } | { ok: false; error: string };

/** Prometheus sample values are strings; "+Inf", "-Inf" and "NaN" included. */
export function parsePromValue(v: unknown): number {
  if (v === '+Inf' || v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v);
}

export function parsePromResponse(httpStatus: number, text: string): PromParsed {
  let json: { status?: string; error?: string; errorType?: string; data?: { resultType?: string; result?: unknown } };
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: `Prometheus answered HTTP ${httpStatus} with something that is not JSON: ${text.slice(0, 200)}` };
  }
  if (json.status !== 'success') {
    const detail = json.error ? `${json.errorType ? `${json.errorType}: ` : ''}${json.error}` : `HTTP ${httpStatus}`;
    return { ok: false, error: `Prometheus error: ${detail}` };
  }
  return samplesFrom(json.data?.resultType, json.data?.result);
}

function samplesFrom(resultType: string | undefined, result: unknown): PromParsed {
  if (resultType === 'scalar' && Array.isArray(result)) return { ok: true, samples: [{ labels: {}, value: parsePromValue(result[1]) }] };
  if (resultType === 'vector' && Array.isArray(result)) {
    const samples = result.map((r: { metric?: Record<string, string>; value?: unknown[] }) => ({ labels: r.metric ?? {}, value: parsePromValue(r.value?.[1]) }));
    return { ok: true, samples };
  }
  return { ok: false, error: `unsupported result type "${resultType}": use an instant query that gives a vector or a scalar` };
}

/** One series of a range query: its labels and every [unix seconds, value] sample as answered. */
export interface PromSeries {
  labels: Record<string, string>;
  samples: [number, number][];
}

/** Parses a `query_range` answer (resultType `matrix`); the samples are kept as they came. */
export function parsePromMatrix(httpStatus: number, text: string): { ok: true; series: PromSeries[] } | { ok: false; error: string } {
  let json: { status?: string; error?: string; errorType?: string; data?: { resultType?: string; result?: unknown } };
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: `Prometheus answered HTTP ${httpStatus} with something that is not JSON: ${text.slice(0, 200)}` };
  }
  if (json.status !== 'success') return { ok: false, error: `Prometheus error: ${json.error ? `${json.errorType ? `${json.errorType}: ` : ''}${json.error}` : `HTTP ${httpStatus}`}` };
  if (json.data?.resultType !== 'matrix' || !Array.isArray(json.data.result)) return { ok: false, error: `expected a matrix from query_range, got "${json.data?.resultType}"` };
  const series = (json.data.result as { metric?: Record<string, string>; values?: [number, unknown][] }[]).map((r) => ({
    labels: r.metric ?? {},
    samples: (r.values ?? []).map(([t, v]) => [Number(t), parsePromValue(v)] as [number, number]),
  }));
  return { ok: true, series };
}
