// One real `tally` process per command (and `evaluate`, which the later ones need), as a user or
// a pipeline runs them: bin/tally.js (the build of these sources, made by the system project's
// global setup) on a temporary SQLite project, against a real `tally serve` on a loopback port.
// Every other CLI case runs in-process (test/cli/*.test.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY_YAML } from '../../src/server/policies/testing.ts';
import { CATALOG, FACTS, scorecardYaml } from '../../src/server/scorecards/testing.ts';
import { ROOT, tally } from '../../src/server/testing/cli.ts';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

interface Proc { child: ChildProcess; output(): string; exited: Promise<number | string | null> }
function start(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [resolve(ROOT, 'bin/tally.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out, exited: new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal))) };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tally, one process per command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-cli-system-'));
  const config = join(dir, 'tally.yaml');
  const database = join(dir, 'tally.db');
  const env = { TALLY_DATABASE_URL: database, TALLY_LOG_LEVEL: 'info' };
  let token = '';
  let server: Proc | undefined;
  let url = '';
  const count = (table: string) => {
    const db = new SQLite(database, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    writeFileSync(join(dir, 'catalog.yaml'), CATALOG);
    writeFileSync(join(dir, 'scorecards.yaml'), scorecardYaml());
    writeFileSync(join(dir, 'facts.yaml'), FACTS);
    writeFileSync(join(dir, 'policy.yaml'), DEMO_POLICY_YAML.replace('scorecard: production-readiness', 'scorecard: prod'));
    writeFileSync(config, 'catalog:\n  sources: [./catalog.yaml, ./scorecards.yaml, ./facts.yaml, ./policy.yaml]\n');
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  it('migrate creates the schema and says so', async () => {
    const r = await tally(['migrate', '--config', config], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^applied: 0001_foundation, /);
    expect((await tally(['migrate', '--config', config], { env })).stdout).toBe('database is up to date\n');
  });

  it('token create prints an editor token once', async () => {
    const r = await tally(['token', 'create', '--name', 'pipeline', '--role', 'editor', '--config', config], { env });
    expect(r.code).toBe(0);
    token = r.stdout.trim();
    expect(token).toMatch(/^tly_/);
  });

  it('worker runs the background jobs (the catalog is imported) and stops cleanly on SIGTERM', async () => {
    const worker = start(['worker', '--config', config], env);
    await until('the worker to import the catalog', () => worker.output().includes('documents applied') && count('entities') > 0);
    expect(worker.output()).toContain('Tally worker started');
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit, `the worker's output:\n${worker.output()}`).toBe(0);
  });

  it('serve answers the API on the port given, and says where it runs', async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = start(['serve', '--config', config, '--port', String(port)], env);
    await until('tally serve', () => server!.output().includes(`Tally is running: open ${url}`));
    expect((await (await fetch(`${url}/api/v1/entities?kind=component`)).json()).items).toHaveLength(2);
  });

  it('evaluate grades now on the server', async () => {
    const r = await tally(['evaluate', '--server', url], { env: { TALLY_TOKEN: token } });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^ok {5}prod: 2 entities, /);
  });

  it('catalog validate checks the project files with no database', async () => {
    const r = await tally(['catalog', 'validate', ...['catalog', 'scorecards', 'facts', 'policy'].map((f) => join(dir, `${f}.yaml`))]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/^4 files, 5 entities, 3 other documents: 0 errors/);
  });

  it('graph cycles asks the server', async () => {
    expect(await tally(['graph', 'cycles', '--server', url])).toMatchObject({ code: 0, stdout: 'no cycles\n' });
  });

  it('score prints the server’s grades and gates with --min-grade', async () => {
    const r = await tally(['score', '--server', url, '--format', 'json', '--min-grade', 'A+']);
    const results = JSON.parse(r.stdout).results as { entity: string; grade: string }[];
    expect(results.map((x) => x.entity).sort()).toEqual(['component:default/cart', 'component:default/checkout']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 result\(s\) below A\+/);
  });

  it('deploy-check decides with the server’s grade and policy (exit 0 allowed, 1 denied)', async () => {
    const r = await tally(['deploy-check', 'checkout', '--server', url, '--at', '2026-11-29T03:00:00+01:00', '--format', 'json']);
    const decision = JSON.parse(r.stdout);
    expect(decision).toMatchObject({ policy: 'deploy-by-grade', allowed: false });
    expect(r.code).toBe(1);
  });

  it('change record sends --version as the version (the program\'s --version takes nothing after the command)', async () => {
    const r = await tally(['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--summary', 'Checkout 1.2.3', '--version', '1.2.3', '--server', url], { env: { TALLY_TOKEN: token } });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const stored = await (await fetch(`${url}/api/v1/changes/${r.stdout.trim()}`)).json();
    expect(stored).toMatchObject({ version: '1.2.3', source: 'cli', entities: ['component:default/checkout'] });
  });
});
