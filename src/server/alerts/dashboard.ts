// The alerts firing now, karma-like: read from Alertmanager's API v2 (`/api/v2/alerts`,
// `/api/v2/silences`), each alert given to its service (a `service` or `component` label naming
// a catalog component) and team (the `team` label, else the service's owner), silences shown.
import type { AlertDashboard, FiringAlert } from '../../common/api/alerts.ts';
import type { CatalogSnapshot } from '../catalog/index.ts';
import { UnavailableError } from '../platform/problems.ts';
import type { AlertsConfig } from './config.ts';
import { getJson, type JsonGetDeps } from './http-json.ts';

interface AmAlert {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  fingerprint?: string;
  startsAt?: string;
  generatorURL?: string;
  status?: { state?: string; silencedBy?: string[]; inhibitedBy?: string[] };
}
interface AmSilence {
  id?: string;
  matchers?: { name?: string; value?: string; isRegex?: boolean; isEqual?: boolean }[];
  createdBy?: string;
  comment?: string;
  startsAt?: string;
  endsAt?: string;
  status?: { state?: string };
}

export const NOT_CONFIGURED_HINT = 'Set alerts.alertmanager.url in tally.yaml (e.g. http://127.0.0.1:9093) to see the alerts firing now.';
const MAX_ALERTS = 5000;

const matcherText = (m: NonNullable<AmSilence['matchers']>[number]) => `${m.name ?? ''}${m.isEqual === false ? '!' : '='}${m.isRegex ? '~' : ''}"${m.value ?? ''}"`;

export async function readAlertmanager(deps: JsonGetDeps, am: NonNullable<AlertsConfig['alertmanager']>): Promise<{ alerts: AmAlert[]; silences: AmSilence[] }> {
  const base = am.url.replace(/\/+$/, '');
  const [alerts, silences] = await Promise.all([
    getJson(deps, `${base}/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true`, am.headers, `the alerts of Alertmanager ${base}`),
    getJson(deps, `${base}/api/v2/silences`, am.headers, `the silences of Alertmanager ${base}`),
  ]);
  for (const [r, what] of [[alerts, 'alerts'], [silences, 'silences']] as const) {
    if (r.status !== 200 || !Array.isArray(r.json)) throw new UnavailableError(`Alertmanager ${base} answered HTTP ${r.status} to /api/v2/${what}`);
  }
  return { alerts: (alerts.json as AmAlert[]).slice(0, MAX_ALERTS), silences: silences.json as AmSilence[] };
}

function firing(a: AmAlert): FiringAlert {
  const labels = a.labels ?? {};
  return {
    name: labels.alertname ?? '(no alertname)',
    fingerprint: a.fingerprint ?? '',
    severity: labels.severity ?? null,
    state: a.status?.state ?? 'unprocessed',
    silencedBy: a.status?.silencedBy ?? [],
    inhibitedBy: a.status?.inhibitedBy ?? [],
    startsAt: a.startsAt ?? '',
    summary: a.annotations?.summary ?? null,
    labels,
    generatorURL: a.generatorURL ?? null,
  };
}

/** Groups Alertmanager's answer by team, then service; unknown services keep their label, unowned alerts go under team null. */
export function alertDashboard(read: { alerts: AmAlert[]; silences: AmSilence[] }, catalog: CatalogSnapshot, url: string): AlertDashboard {
  const components = new Map(catalog.entities.filter((e) => e.kind === 'component').map((e) => [e.name.toLowerCase(), e]));
  const teamName = (ref: string | null) => (ref ? ref.replace(/^.*[:/]/, '') : null);
  const teams = new Map<string | null, Map<string | null, { service: string | null; ref: string | null; alerts: FiringAlert[] }>>();
  for (const a of read.alerts) {
    const alert = firing(a);
    const named = alert.labels.service ?? alert.labels.component ?? null;
    const entity = named ? components.get(named.toLowerCase()) : undefined;
    const team = alert.labels.team ?? alert.labels.owner ?? teamName(entity?.owner ?? null);
    const services = teams.get(team) ?? teams.set(team, new Map()).get(team)!;
    const group = services.get(named) ?? services.set(named, { service: named, ref: entity?.ref ?? null, alerts: [] }).get(named)!;
    group.alerts.push(alert);
  }
  const byName = <T extends { team?: string | null; service?: string | null }>(k: 'team' | 'service') => (x: T, y: T) => (x[k] === null ? 1 : y[k] === null ? -1 : String(x[k]).localeCompare(String(y[k])));
  const silences = read.silences
    .filter((s) => s.status?.state !== 'expired')
    .map((s) => ({ id: s.id ?? '', matchers: (s.matchers ?? []).map(matcherText), createdBy: s.createdBy ?? '', comment: s.comment ?? '', startsAt: s.startsAt ?? '', endsAt: s.endsAt ?? '', state: s.status?.state ?? '' }));
  const all = read.alerts.map(firing);
  return {
    configured: true,
    alertmanager: url,
    teams: [...teams].map(([team, services]) => ({ team, services: [...services.values()].map((g) => ({ ...g, alerts: g.alerts.sort((x, y) => x.startsAt.localeCompare(y.startsAt)) })).sort(byName('service')) })).sort(byName('team')),
    silences,
    counts: { alerts: all.length, active: all.filter((a) => a.state === 'active').length, suppressed: all.filter((a) => a.state === 'suppressed').length, silences: silences.length },
  };
}
