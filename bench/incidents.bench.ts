// Issue 14 targets: the incident page's data (record, timeline, suspects, blast radius) p99 < 50 ms
// with 100,000 incidents and 1,000,000 changes stored, on SQLite and PostgreSQL; and a timeline of
// 10,000 entries stays smooth in the browser (virtualised).
//
// Seeds the changes bench's catalog (500 services, svc-0 with 20 dependencies) and 1M changes,
// then 100,000 incidents straight into the tables (each with a service, a manager, five timeline
// entries, a postmortem and a follow-up; 500 of them on the hot services with 200 entries), and
// times the page's four reads for 300 of those incidents, one after the other as a sum.
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import autocannon from 'autocannon';
import pg from 'pg';
import type { Engine } from '../src/server/platform/db/connect.ts';
import { authHeader, testConfig, testDeps } from '../src/server/testing/app.ts';
import { buildWeb, launchBrowser } from '../test/e2e/harness.ts';
import { mitigationAids } from '../src/server/incidents/aids/aids.ts';
import { incidentPage } from '../src/server/incidents/page.ts';
import { loadIncident } from '../src/server/incidents/record/load.ts';
import { countTimeline, timelineRows } from '../src/server/incidents/record/repository.ts';
import { incidentSuspects } from '../src/server/incidents/suspects/suspects.ts';
import { HOT, importCatalog, seedPostgres, seedSqlite, SERVICES, SPACING_MS, STORED, YEAR_START } from './changes.bench.ts';
import { benchApp, benchDb, percentile, report, type BenchDb } from './lib.ts';

const INCIDENTS = 100_000;
const SAMPLED = 500;
const SAMPLE_ENTRIES = 200;
const SPAN_MS = STORED * SPACING_MS;
const iso = (t: number) => new Date(t).toISOString();

/** Incident i: declared across the changes' year; sampled ones (i < SAMPLED) on the hot services. */
function incidentRow(i: number) {
  const declared = YEAR_START + Math.floor(((i * 7919) % INCIDENTS) * (SPAN_MS / INCIDENTS)) + 3_600_000;
  const minute = declared - (declared % 60_000);
  const svc = i < SAMPLED ? i % HOT : HOT + (i % (SERVICES - HOT));
  const active = i < SAMPLED || i % 1000 === 0;
  return {
    id: `inc-${i}`, number: i + 1, title: `Incident ${i} on svc-${svc}`, severity: `SEV${1 + (i % 4)}`, state: active ? 'mitigating' : 'closed', phase: active ? 0 : 2,
    services: JSON.stringify([`component:default/svc-${svc}`]), entity: `component:default/svc-${svc}`,
    impact: iso(minute - 600_000), detected: iso(minute - 300_000), declared: iso(minute), resolved: active ? null : iso(minute + 3_600_000),
  };
}

const INCIDENT_SQL = `INSERT INTO incidents (id, number, title, severity, state, phase, services, impact_started_at, detected_at, declared_at, resolved_at, closed_at, source, alerts, failover, version, created_by, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{"via":"api"}', '[]', '{"kind":"status-page"}', 1, 'bench', ?, ?)`;

function seedIncidentsSqlite(file: string): void {
  const raw = new SQLite(file);
  const incident = raw.prepare(INCIDENT_SQL);
  const service = raw.prepare('INSERT INTO incident_services (incident_id, entity, declared_at) VALUES (?, ?, ?)');
  const role = raw.prepare("INSERT INTO incident_roles (id, incident_id, role, person, assigned_by, assigned_at) VALUES (?, ?, 'manager', 'alice', 'bench', ?)");
  const entry = raw.prepare("INSERT INTO incident_timeline (id, incident_id, kind, happened_at, recorded_at, author, text) VALUES (?, ?, 'note', ?, ?, 'bench', ?)");
  const pm = raw.prepare("INSERT INTO incident_postmortems (id, incident_id, title, services, reason, state, sections, created_at, updated_at, version) VALUES (?, ?, 'pm', ?, 'incident', 'draft', '{}', ?, ?, 1)");
  const fu = raw.prepare("INSERT INTO incident_follow_ups (id, postmortem_id, kind, title, owner, due_date, status, created_at, updated_at, version) VALUES (?, ?, 'prevention', 'do it', 'bob', '2026-06-01', 'open', ?, ?, 1)");
  raw.transaction(() => {
    for (let i = 0; i < INCIDENTS; i++) {
      const r = incidentRow(i);
      incident.run(r.id, r.number, r.title, r.severity, r.state, r.phase, r.services, r.impact, r.detected, r.declared, r.resolved, r.resolved, r.declared, r.declared);
      service.run(r.id, r.entity, r.declared);
      role.run(`role-${i}`, r.id, r.declared);
      for (let k = 0; k < (i < SAMPLED ? SAMPLE_ENTRIES : 5); k++) entry.run(`${r.id}-${String(k).padStart(4, '0')}`, r.id, iso(Date.parse(r.declared) + k * 60_000), r.declared, `entry ${k} of incident ${i}`);
      pm.run(`pm-${i}`, r.id, r.services, r.declared, r.declared);
      fu.run(`fu-${i}`, `pm-${i}`, r.declared, r.declared);
    }
    raw.prepare("UPDATE incident_counters SET value = ? WHERE name = 'incident'").run(INCIDENTS);
  })();
  raw.pragma('optimize');
  raw.close();
}

async function seedIncidentsPostgres(db: BenchDb): Promise<void> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const at = (expr: string) => `to_char((${expr}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const declared = `date_trunc('minute', timestamptz '2026-01-01T01:00:00Z' + ((i * 7919) % ${INCIDENTS}) * interval '${SPAN_MS / INCIDENTS / 1000} seconds')`;
  const svc = `(case when i < ${SAMPLED} then i % ${HOT} else ${HOT} + i % ${SERVICES - HOT} end)`;
  const active = `(i < ${SAMPLED} or i % 1000 = 0)`;
  await c.query(`CREATE TEMP TABLE seed AS SELECT i, 'inc-' || i AS id, ${declared} AS d, 'component:default/svc-' || ${svc} AS entity, ${active} AS active FROM generate_series(0, ${INCIDENTS - 1}) AS i`);
  await c.query(`INSERT INTO incidents (id, number, title, severity, state, phase, services, impact_started_at, detected_at, declared_at, resolved_at, closed_at, source, alerts, failover, version, created_by, created_at, updated_at)
    SELECT id, i + 1, 'Incident ' || i, 'SEV' || (1 + i % 4), case when active then 'mitigating' else 'closed' end, case when active then 0 else 2 end, '["' || entity || '"]',
      ${at("d - interval '10 minutes'")}, ${at("d - interval '5 minutes'")}, ${at('d')}, case when active then null else ${at("d + interval '1 hour'")} end, case when active then null else ${at("d + interval '1 hour'")} end,
      '{"via":"api"}', '[]', '{"kind":"status-page"}', 1, 'bench', ${at('d')}, ${at('d')} FROM seed`);
  await c.query(`INSERT INTO incident_services (incident_id, entity, declared_at) SELECT id, entity, ${at('d')} FROM seed`);
  await c.query(`INSERT INTO incident_roles (id, incident_id, role, person, assigned_by, assigned_at) SELECT 'role-' || i, id, 'manager', 'alice', 'bench', ${at('d')} FROM seed`);
  await c.query(`INSERT INTO incident_timeline (id, incident_id, kind, happened_at, recorded_at, author, text)
    SELECT s.id || '-' || lpad(k::text, 4, '0'), s.id, 'note', ${at("s.d + k * interval '1 minute'")}, ${at('s.d')}, 'bench', 'entry ' || k FROM seed s, generate_series(0, ${SAMPLE_ENTRIES - 1}) AS k WHERE k < case when s.i < ${SAMPLED} then ${SAMPLE_ENTRIES} else 5 end`);
  await c.query(`INSERT INTO incident_postmortems (id, incident_id, title, services, reason, state, sections, created_at, updated_at, version) SELECT 'pm-' || i, id, 'pm', '["' || entity || '"]', 'incident', 'draft', '{}', ${at('d')}, ${at('d')}, 1 FROM seed`);
  await c.query(`INSERT INTO incident_follow_ups (id, postmortem_id, kind, title, owner, due_date, status, created_at, updated_at, version) SELECT 'fu-' || i, 'pm-' || i, 'prevention', 'do it', 'bob', '2026-06-01', 'open', ${at('d')}, ${at('d')}, 1 FROM seed`);
  await c.query(`UPDATE incident_counters SET value = ${INCIDENTS} WHERE name = 'incident'`);
  await c.query('ANALYZE');
  await c.end();
}

/** The four reads of the incident page, as its routes make them. */
async function pageData(db: BenchDb, config: ReturnType<typeof testConfig>, number: number): Promise<number[]> {
  const parts: number[] = [];
  const lap = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    parts.push(performance.now() - t0);
  };
  const now = new Date(YEAR_START + SPAN_MS);
  const row = await loadIncident(db.db, String(number));
  await lap(() => incidentPage(db.db, config, row, now));
  await lap(async () => [await timelineRows(db.db, row.id, { limit: 201 }), await countTimeline(db.db, row.id)]);
  await lap(() => incidentSuspects(db.db, config, row));
  await lap(() => mitigationAids(db.db, config, JSON.parse(row.services) as string[]));
  return parts;
}

async function pageBench(engine: Engine): Promise<void> {
  const db = await benchDb(engine);
  try {
    await importCatalog(db);
    const t0 = performance.now();
    if (engine === 'sqlite') {
      await seedSqlite(db.url);
      seedIncidentsSqlite(db.url);
    } else {
      await seedPostgres(db);
      await seedIncidentsPostgres(db);
    }
    report({ bench: 'incidents', metric: `seed 1M changes + ${INCIDENTS.toLocaleString('en')} incidents directly (${engine})`, value: (performance.now() - t0) / 1000, unit: 's' });
    const config = testConfig({});
    for (let k = 0; k < 20; k++) await pageData(db, config, 1 + k);
    const totals: number[] = [];
    const parts: number[][] = [[], [], [], []];
    for (let k = 0; k < 300; k++) {
      const p = await pageData(db, config, 1 + ((k * 37) % SAMPLED));
      p.forEach((ms, i) => parts[i].push(ms));
      totals.push(p.reduce((a, b) => a + b, 0));
    }
    const p99 = percentile([...totals].sort((a, b) => a - b), 99);
    report({ bench: 'incidents', metric: `page data (record+timeline+suspects+blast radius), p99 of 300 (${engine})`, value: p99, unit: 'ms', target: '< 50 ms', ok: p99 < 50 });
    report({ bench: 'incidents', metric: `  p50 (${engine})`, value: percentile([...totals].sort((a, b) => a - b), 50), unit: 'ms' });
    ['record', 'timeline (200 entries)', 'suspects', 'aids / blast radius'].forEach((name, i) => report({ bench: 'incidents', metric: `  ${name} p99 (${engine})`, value: percentile(parts[i].sort((a, b) => a - b), 99), unit: 'ms' }));
    await overHttp(engine, db);
  } finally {
    await db.drop();
  }
}

async function overHttp(engine: Engine, db: BenchDb): Promise<void> {
  const deps = testDeps(db as never, testConfig({}), () => new Date(YEAR_START + SPAN_MS));
  const app = await benchApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/incidents/7`;
  for (const [path, name] of [['', 'GET /incidents/{n}'], ['/suspects', 'GET /incidents/{n}/suspects']] as const) {
    const r = await autocannon({ url: `${base}${path}`, connections: 1, duration: 4, headers: await authHeader(deps, 'viewer') });
    report({ bench: 'incidents', metric: `${name} p99, 1 conn, 4 s (${engine})`, value: r.latency.p99, unit: 'ms', target: '< 50 ms', ok: r.latency.p99 < 50 });
  }
  await app.close();
}

/** A 10,000-entry timeline in Chromium: first rows on screen, rows in the DOM, frame times while scrolling. */
async function browserBench(): Promise<void> {
  buildWeb();
  const db = await benchDb('sqlite');
  const deps = testDeps(db as never, testConfig({}));
  const app = await benchApp(deps);
  const browser = await launchBrowser();
  try {
    const raw = new SQLite(db.url);
    const now = Date.now() - 86_400_000;
    raw.prepare(INCIDENT_SQL).run('big', 1, 'A long incident', 'SEV2', 'mitigating', 0, '[]', iso(now), iso(now), iso(now), null, null, iso(now), iso(now));
    raw.prepare("INSERT INTO incident_postmortems (id, incident_id, title, services, reason, state, sections, created_at, updated_at, version) VALUES ('pm', 'big', 'pm', '[]', 'incident', 'draft', '{}', ?, ?, 1)").run(iso(now), iso(now));
    const entry = raw.prepare("INSERT INTO incident_timeline (id, incident_id, kind, happened_at, recorded_at, author, text) VALUES (?, 'big', 'note', ?, ?, 'bench', ?)");
    raw.transaction(() => { for (let k = 0; k < 10_000; k++) entry.run(randomUUID(), iso(now + k * 6_000 - ((now + k * 6_000) % 60_000)), iso(now), `Timeline entry ${k}: something was tried and noted`); })();
    raw.close();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    const t0 = performance.now();
    await page.goto(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/incidents/1`);
    await page.locator('.timeline-entry').first().waitFor();
    report({ bench: 'incidents', metric: 'timeline of 10,000: navigation → first entries visible', value: performance.now() - t0, unit: 'ms' });
    await page.waitForFunction(() => /^10000$/.test(document.querySelector('.card .count')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('.timeline')?.getAttribute('style')?.includes('height') ?? false);
    const result = await page.evaluate(async () => {
      const el = document.querySelector('.timeline-scroll') as HTMLElement;
      const frames: number[] = [];
      let last = performance.now();
      for (let step = 0; step <= 120; step++) {
        el.scrollTop = (el.scrollHeight * step) / 120;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const t = performance.now();
        frames.push(t - last);
        last = t;
      }
      // Rows are measured as they render, so the list may grow a little: settle at the very end.
      for (let k = 0; k < 10; k++) {
        el.scrollTop = el.scrollHeight;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      const rows = [...document.querySelectorAll('.timeline-entry')];
      return { frames: frames.slice(1).sort((a, b) => a - b), rows: rows.length, reachedEnd: rows.some((r) => r.textContent?.includes('Timeline entry 9999:')) };
    });
    const p95 = result.frames[Math.ceil(result.frames.length * 0.95) - 1];
    report({ bench: 'incidents', metric: 'timeline of 10,000: entries in the DOM (virtualised)', value: result.rows, unit: 'rows', target: '< 100', ok: result.rows < 100 });
    report({ bench: 'incidents', metric: 'timeline of 10,000: frame time while scrolling top to bottom, p95', value: p95, unit: 'ms', target: '< 50 ms', ok: p95 < 50 });
    report({ bench: 'incidents', metric: 'timeline of 10,000: the last entry is reached by scrolling', value: result.reachedEnd ? 1 : 0, unit: 'yes', target: '1', ok: result.reachedEnd });
  } finally {
    await browser.close();
    await app.close();
    await db.drop();
  }
}

export async function incidentsBench(engines: Engine[]): Promise<void> {
  for (const engine of engines) await pageBench(engine);
  await browserBench();
}
