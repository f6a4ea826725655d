// `tally forecast [RESOURCE]` against a running server: every resource by time to exhaustion, or
// one resource's dates and backtests, under the same scenarios as the API (delivery delayed,
// demand up, capacity lost, a site lost). Exit 1 when a resource shown is flagged (full at worst
// within its lead time + margin), as the offline form does with --capacity.
import type { ResourceForecast, ResourceForecastDetail, ResourceForecastList } from '../../common/api/forecasts.ts';
import type { CliIo } from '../platform/cli/io.ts';
import { callServer, type RemoteOptions } from '../platform/cli/remote.ts';

export interface RemoteForecastOptions extends RemoteOptions {
  format: 'json' | 'table';
  delay?: number;
  demandUp?: number;
  capacityLost?: number;
  siteLost?: string;
}

function query(o: RemoteForecastOptions, ref?: string): string {
  const q = new URLSearchParams();
  if (ref !== undefined) q.set('ref', ref);
  if (o.delay !== undefined) q.set('delayDays', String(o.delay));
  if (o.demandUp !== undefined) q.set('demandUpPercent', String(o.demandUp));
  if (o.capacityLost !== undefined) q.set('capacityLostPercent', String(o.capacityLost));
  if (o.siteLost !== undefined) q.set('siteLost', o.siteLost);
  const text = q.toString();
  return text ? `?${text}` : '';
}

const STATUS: Record<ResourceForecast['status'], string> = { flagged: 'FLAGGED', ok: 'ok', 'not-within': 'not within 5 years', 'cannot-forecast': 'cannot forecast' };
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '-');
const num = (n: number | null, unit?: string | null) => (n === null ? '-' : `${Math.round(n * 100) / 100}${unit ? ` ${unit}` : ''}`);

function listTable(list: ResourceForecastList): string {
  const rows = [['RESOURCE', 'STATUS', 'DAYS LEFT', 'FULL AT WORST', 'NEEDED (DAYS)', 'WHY']];
  for (const f of list.items) rows.push([f.ref, STATUS[f.status], f.daysLeft === null ? '-' : String(f.daysLeft), day(f.pessimisticAt), String(f.leadTimeDays + f.safetyMarginDays), f.why]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return `${rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n')}\n`;
}

function detailTable(d: ResourceForecastDetail): string {
  const f = d.forecast;
  const lines = [
    `resource\t${f.ref} (${f.title})`,
    `status\t${STATUS[f.status]}: ${f.why}`,
    `usage / capacity\t${num(f.usage)} / ${num(f.capacity, f.unit)}${f.sites.length ? ` (sites: ${f.sites.map((s) => `${s.name} ${s.capacity}`).join(', ')})` : ''}`,
    `full at worst\t${day(f.pessimisticAt)}`,
    `full (expected)\t${day(f.expectedAt)}`,
    `order by\t${day(d.orderBy)}`,
    `lead time + margin\t${f.leadTimeDays} + ${f.safetyMarginDays} days`,
    `samples\t${f.samples} (${f.source}, ${f.method})`,
  ];
  for (const b of f.backtests) lines.push(`backtest ${b.method}\tMAPE ${b.mape === null ? '-' : `${b.mape.toFixed(2)} %`}\tcoverage95 ${b.coverage95 === null ? '-' : `${b.coverage95.toFixed(0)} %`}\t(${b.origins} origins)`);
  lines.push(`proposed\t${f.proposed ?? '-'}`);
  return `${lines.join('\n')}\n`;
}

export async function remoteForecast(io: CliIo, o: RemoteForecastOptions, resource: string | undefined): Promise<void> {
  if (resource === undefined) {
    const list = await callServer<ResourceForecastList>(o, io, 'GET', `/api/v1/forecasts${query(o)}`);
    io.stdout.write(o.format === 'json' ? `${JSON.stringify(list)}\n` : listTable(list));
    if (list.items.some((f) => f.status === 'flagged')) io.exitCode = 1;
    return;
  }
  const d = await callServer<ResourceForecastDetail>(o, io, 'GET', `/api/v1/forecasts/resource${query(o, resource)}`);
  io.stdout.write(o.format === 'json' ? `${JSON.stringify(d)}\n` : detailTable(d));
  if (d.forecast.status === 'flagged') io.exitCode = 1;
}
