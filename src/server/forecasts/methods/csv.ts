// The offline series format: CSV `timestamp_ms,value` with that header, one sample a line, in
// time order. Values as Prometheus writes them: numbers, `NaN`, `+Inf`, `-Inf` (and `Inf`);
// `stale` marks a staleness marker, dropped (Prometheus never puts one in a range). Every fault is a Problem
// naming the file, line and column.
import { InputError, problem, type Problem } from '../../platform/problems.ts';
import type { Series } from './series.ts';

const STALE = Symbol('stale');

export const MAX_CSV_BYTES = 256 * 1024 * 1024;
export const MAX_CSV_ROWS = 10_000_000;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function value(text: string): number | typeof STALE | undefined {
  const s = text.trim();
  if (NUMBER.test(s)) return Number(s);
  switch (s.toLowerCase()) {
    case 'nan': return NaN;
    case '+inf': case 'inf': case '+infinity': case 'infinity': return Infinity;
    case '-inf': case '-infinity': return -Infinity;
    case 'stale': return STALE;
    default: return undefined;
  }
}

/** The series in `text`; an InputError listing the first faults (file:line:column) otherwise. */
export function parseSeriesCsv(text: string, file = 'series.csv'): Series {
  if (text.length > MAX_CSV_BYTES) throw new InputError(`${file}: larger than ${MAX_CSV_BYTES} bytes`);
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const problems: Problem[] = [];
  const header = (lines[0] ?? '').trim().replace(/^\uFEFF/, '').toLowerCase().replace(/\s+/g, '');
  if (header !== 'timestamp_ms,value') problems.push(problem('the first line must be the header timestamp_ms,value', { file, line: 1, column: 1 }));
  const rows = lines.length - 1;
  if (rows > MAX_CSV_ROWS) throw new InputError(`${file}: more than ${MAX_CSV_ROWS} samples`);
  const t = new Float64Array(Math.max(rows, 0));
  const v = new Float64Array(t.length);
  let n = 0;
  let last = -Infinity;
  for (let i = 1; i < lines.length && problems.length < 20; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const comma = line.indexOf(',');
    const at = { file, line: i + 1 };
    if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
      problems.push(problem('expected two fields: timestamp_ms,value', { ...at, column: 1 }));
      continue;
    }
    const tsText = line.slice(0, comma).trim();
    const ts = /^-?\d{1,16}$/.test(tsText) ? Number(tsText) : NaN;
    const val = value(line.slice(comma + 1));
    if (!Number.isSafeInteger(ts)) problems.push(problem(`timestamp_ms "${tsText}" is not a whole number of milliseconds`, { ...at, column: 1, field: 'timestamp_ms' }));
    else if (ts <= last) problems.push(problem(`timestamp ${ts} is not after the previous sample's (${last}): samples must be in time order, one per timestamp`, { ...at, column: 1, field: 'timestamp_ms' }));
    if (val === undefined) problems.push(problem(`value "${line.slice(comma + 1).trim()}" is not a number (NaN, +Inf, -Inf and stale are allowed)`, { ...at, column: comma + 2, field: 'value' }));
    if (problems.length > 0 || val === undefined) continue;
    last = ts;
    if (val === STALE) continue;
    t[n] = ts;
    v[n++] = val;
  }
  if (problems.length > 0) throw InputError.fromProblems(`${file} is not a series CSV`, problems);
  return { t: t.subarray(0, n), v: v.subarray(0, n) };
}
