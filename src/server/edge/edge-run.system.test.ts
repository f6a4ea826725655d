// `tally edge run` as a user starts it (bin/tally.js: the edge-only build in a worker thread when
// `tally` is built, the sources otherwise): it says where it listens, proxies to the upstream,
// stops on SIGTERM with exit code 0, and refuses a bad document or configuration as before,
// naming the field, with exit code 2.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tally } from '../testing/cli.ts';
import { startServer, type TestServer } from '../testing/http-server.ts';

describe('tally edge run (a child process)', () => {
  let upstream: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'tally-edge-run-'));
  beforeAll(async () => {
    upstream = await startServer((req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end(`upstream saw ${req.method} ${req.url} for ${req.headers['x-forwarded-for']}`);
    });
  });
  afterAll(async () => upstream?.close());

  const edgeFile = (spec: object): string => {
    const file = join(dir, `edge-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, JSON.stringify({ apiVersion: 'tally.dev/v1', kind: 'Edge', metadata: { name: 'shop' }, spec }));
    return file;
  };

  it('proxies to the upstream until SIGTERM, then exits 0', async () => {
    const file = edgeFile({ upstream: upstream.url, listen: { host: '127.0.0.1', port: 0 }, decision: { port: 0 } });
    const child = spawn(process.execPath, [join(ROOT, 'bin/tally.js'), 'edge', 'run', '--edge', file], { env: { ...process.env, TALLY_DATABASE_URL: join(dir, 'edge.db') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const ports = await new Promise<[number, number]>((resolve, reject) => {
        child.stdout.on('data', () => {
          const m = /^edge shop: http \(HTTP\/1\.1\) on 127\.0\.0\.1:(\d+) → .*; decisions \(auth_request, \/metrics, \/healthz\) on 127\.0\.0\.1:(\d+)\n/m.exec(out);
          if (m) resolve([Number(m[1]), Number(m[2])]);
        });
        void exited.then((code) => reject(new Error(`exited ${code}: ${out}${err}`)));
      });
      const res = await fetch(`http://127.0.0.1:${ports[0]}/product/1`, { headers: { 'user-agent': 'test' } });
      expect(await res.text()).toBe('upstream saw GET /product/1 for 127.0.0.1');
      expect(res.headers.get('set-cookie')).toMatch(/^sid=/);
      expect(((await (await fetch(`http://127.0.0.1:${ports[1]}/healthz`)).json()) as { decisions: unknown }).decisions).toBeDefined();
      expect(out).toContain('cloud ranges: only the built-in EXAMPLE');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });

  it('refuses a bad document naming the field, and a missing database, with exit code 2', async () => {
    const bad = edgeFile({ upstream: upstream.url, trustedCidrs: ['10.0.0.0/33'] });
    const r = await tally(['edge', 'run', '--edge', bad], { env: { TALLY_DATABASE_URL: join(dir, 'edge.db') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: spec.trustedCidrs[0]: not a CIDR`);
    expect(r.stdout).toBe('');
    const noDb = await tally(['edge', 'run', '--edge', edgeFile({ upstream: upstream.url })], { env: { TALLY_DATABASE_URL: '' } });
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('pass --config with the Tally server\'s tally.yaml');
  });
});
