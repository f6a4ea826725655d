// A page becomes an incident: declared through the incidents domain inside the page's own
// transaction and linked both ways — the incident's source is the page (via `page`, its link and
// number, the time it fired; the incident's timeline shows it), the page keeps the incident's key
// and a line in its own history. A page becomes at most one incident (409 after that).
import type { AppDeps } from '../../platform/deps.ts';
import { ConflictError } from '../../platform/problems.ts';
import { declareIncident } from '../../incidents/index.ts';
import type { PageRow } from '../tables.ts';
import { event } from './lifecycle.ts';
import { insertEvents, linkIncident } from './repository.ts';
import { loadPage } from './write.ts';

export interface PageIncidentInput {
  /** A level of incidents.severities; the second level by default, as chat declares. */
  severity?: string;
  /** The page's title by default. */
  title?: string;
}

export const pageLink = (publicUrl: string, page: Pick<PageRow, 'number'>) => `${publicUrl.replace(/\/+$/, '')}/oncall?page=P-${page.number}`;

export async function declareFromPage(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'events'>, key: string, input: PageIncidentInput, actor: string): Promise<PageRow> {
  return deps.db.transaction().execute(async (tx) => {
    const page = await loadPage({ db: tx }, key);
    if (page.incident_key) throw new ConflictError(`page P-${page.number} is already incident ${page.incident_key}`);
    const now = deps.clock();
    const levels = deps.config.incidents.severities;
    const row = await declareIncident({ db: tx, config: deps.config, now, actor, events: deps.events }, {
      title: (input.title ?? page.title).slice(0, 200),
      severity: input.severity ?? (levels[1] ?? levels[0])!.level,
      services: page.service ? [page.service] : [],
      source: { via: 'page', url: pageLink(deps.config.server.publicUrl, page), title: `P-${page.number}: ${page.title}`.slice(0, 200), firedAt: page.triggered_at },
      takeManager: true,
    });
    const incident = `INC-${row.number}`;
    if ((await linkIncident(tx, page.id, incident)) === 0) throw new ConflictError(`page P-${page.number} became an incident meanwhile; read it again`);
    await insertEvents(tx, [event(page, now, 'incident', `Declared incident ${incident} (${row.severity}) from this page`, actor)]);
    return { ...page, incident_key: incident };
  });
}
