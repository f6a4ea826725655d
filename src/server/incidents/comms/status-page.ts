// Tally's own public status page (`/status-page`): the incidents under way and those resolved in
// the last day, each with its announcements — the failover channel that cannot go down with chat.
// Drills are left out. Plain server-rendered HTML (no script), readable without a token.
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import { activeIncidentRows, listIncidentRows, timelineRows } from '../record/repository.ts';
import type { IncidentRow } from '../tables.ts';

const DAY_MS = 86_400_000;
const ANNOUNCEMENTS = 10;

export interface StatusPage {
  title: string;
  generatedAt: string;
  incidents: { ref: string; title: string; severity: string; state: string; services: string[]; declaredAt: string; resolvedAt: string | null; announcements: { at: string; text: string }[] }[];
}

export async function statusPage(db: Db, config: Config, now: Date): Promise<StatusPage> {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const active = (await activeIncidentRows(db, 100)).filter((r) => !r.drill_id);
  const recent = (await listIncidentRows(db, { phases: [1, 2], drills: 'exclude' }, { limit: 50 })).filter((r) => r.resolved_at && r.resolved_at >= since);
  const incidents = await Promise.all([...active, ...recent].map(async (row: IncidentRow) => {
    const timeline = await timelineRows(db, row.id, { limit: 2000 });
    const announcements = timeline.filter((t) => t.kind === 'announcement').slice(-ANNOUNCEMENTS).reverse().map((t) => ({ at: t.happened_at, text: t.text }));
    return { ref: `INC-${row.number}`, title: row.title, severity: row.severity, state: row.state, services: JSON.parse(row.services) as string[], declaredAt: row.declared_at, resolvedAt: row.resolved_at, announcements };
  }));
  return { title: config.incidents.statusPage.title, generatedAt: now.toISOString(), incidents };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function renderStatusPage(p: StatusPage): string {
  const active = p.incidents.filter((i) => !i.resolvedAt);
  const headline = active.length ? `${active.length} incident${active.length > 1 ? 's' : ''} under way` : 'All systems operational';
  const items = p.incidents.map((i) => `
  <article class="incident ${i.resolvedAt ? 'resolved' : 'active'}">
    <h2>${esc(i.ref)} · ${esc(i.title)}</h2>
    <p class="meta">${esc(i.severity)} · ${esc(i.state)} · declared ${when(i.declaredAt)}${i.resolvedAt ? ` · resolved ${when(i.resolvedAt)}` : ''}${i.services.length ? ` · ${esc(i.services.map((s) => s.split('/').pop()!).join(', '))}` : ''}</p>
    <ol class="updates">${i.announcements.map((a) => `<li><time datetime="${a.at}">${when(a.at)}</time> ${esc(a.text)}</li>`).join('')}</ol>
  </article>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="60">
<title>${esc(p.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}h1{font-size:1.6rem}.banner{padding:1rem;border-radius:.5rem;background:${active.length ? '#fde8e8' : '#e6f4ea'};font-weight:600}.incident{border-top:1px solid #ccc;margin-top:1.5rem}.meta{color:#444}time{font-weight:600;margin-right:.5rem}@media (prefers-color-scheme: dark){body{background:#111;color:#eee}.banner{background:${active.length ? '#5c1d1d' : '#1d4d2b'}}.meta{color:#bbb}}</style>
</head><body><main>
<h1>${esc(p.title)}</h1>
<p class="banner" role="status">${headline}</p>${items}
<p class="meta">Updated ${when(p.generatedAt)}. This page refreshes every minute.</p>
</main></body></html>`;
}
