// Issue 19 figures: hostile CEL stays bounded (a run at the cost limit, and the longest stall of
// the event loop while a scorecard of such checks grades many entities), JSON body checks, and
// `tally backup verify` of a 1 GB SQLite database (target < 60 s).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { compileCel, runCel } from '../src/server/platform/cel/cel.ts';
import { parseJsonBody } from '../src/server/platform/http/input.ts';
import { createBackup, verifyBackup } from '../src/server/backup/backup.ts';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../src/server/testing/app.ts';
import { openTestDb } from '../src/server/testing/db.ts';
import { generatedCatalog, HOSTILE, scorecardDoc, watchStalls } from '../test/hardening/fixtures.ts';
import type { Engine } from '../src/server/platform/db/connect.ts';
import { percentile, report } from './lib.ts';


function celFigures(): void {
  for (const [name, source] of [['nested comprehension', HOSTILE.nested], ['doubling list', HOSTILE.growing], ['list of lists', HOSTILE.mapped]]) {
    const p = compileCel(source, {}, { bool: true }).program!;
    const ms: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      runCel(p, {});
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    report({ bench: 'hardening', metric: `CEL ${name} to cost limit, median`, value: percentile(ms, 50), unit: 'ms', target: '< 100 ms', ok: percentile(ms, 50) < 100 });
    report({ bench: 'hardening', metric: `… p99 (a shared machine: includes preemption)`, value: percentile(ms, 99), unit: 'ms' });
  }
  const deep = Buffer.from(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
  const t = performance.now();
  try {
    parseJsonBody(deep, 'application/json');
  } catch {
    /* refused, as it should be */
  }
  report({ bench: 'hardening', metric: 'JSON body 2 MB of nesting refused', value: performance.now() - t, unit: 'ms' });
}

async function stallFigure(engine: Engine): Promise<void> {
  const org = generatedCatalog(300);
  const db = await openTestDb(engine);
  try {
    const deps = testDeps(db, testConfig({ catalog: { sources: org.sources } }, org.dir), testClock());
    const app = await testApp(deps);
    const editor = await authHeader(deps, 'editor');
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: editor });
    await app.inject({ method: 'PUT', url: '/api/v1/scorecards', headers: editor, payload: scorecardDoc('hostile', [...Object.values(HOSTILE), 'true']) });
    const stop = watchStalls();
    const t = performance.now();
    await app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: editor, payload: { scorecard: 'hostile' } });
    const ms = performance.now() - t;
    const { maxCpuMs, maxWallMs } = stop();
    await app.close();
    report({ bench: 'hardening', metric: `[${engine}] hostile scorecard, 300 entities: evaluation`, value: ms, unit: 'ms' });
    report({ bench: 'hardening', metric: `[${engine}] … longest gap between 10 ms ticks (min of CPU, wall)`, value: maxCpuMs, unit: 'ms', target: '< 100 ms', ok: maxCpuMs < 100 });
    report({ bench: 'hardening', metric: `[${engine}] … longest wall-clock stall (includes preemption)`, value: maxWallMs, unit: 'ms' });
  } finally {
    await db.drop();
  }
}

async function backupFigure(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-bench-backup-'));
  try {
    const file = join(dir, 'tally.db');
    const raw = new SQLite(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE big (id INTEGER PRIMARY KEY, entity TEXT NOT NULL, body TEXT NOT NULL)');
    const insert = raw.prepare('INSERT INTO big (entity, body) VALUES (?, ?)');
    const body = randomBytes(1536).toString('base64'); // 2 KB of text a row
    const rows = 250_000; // ≈ 1 GB with the page overhead
    raw.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`component:default/svc-${i % 10_000}`, `${i}:${body}`);
    })();
    raw.close();
    writeFileSync(join(dir, 'tally.yaml'), '');
    const config = testConfig({ database: { url: file }, backup: { dir: './backups' } }, dir);
    let t = performance.now();
    const m = await createBackup(config, new Date());
    report({ bench: 'hardening', metric: `backup create, SQLite ${Math.round(m.bytes / 1024 / 1024)} MB`, value: (performance.now() - t) / 1000, unit: 's' });
    t = performance.now();
    const v = await verifyBackup(config, m.file, () => new Date());
    const s = (performance.now() - t) / 1000;
    report({ bench: 'hardening', metric: `backup verify, SQLite ${Math.round(m.bytes / 1024 / 1024)} MB (${v.verify!.ok ? 'identical' : 'DIFFERS'})`, value: s, unit: 's', target: '< 60 s', ok: s < 60 && v.verify!.ok });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function hardeningBench(engines: Engine[]): Promise<void> {
  celFigures();
  for (const engine of engines) await stallFigure(engine);
  await backupFigure();
}
