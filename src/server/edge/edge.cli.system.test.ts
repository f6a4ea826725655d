// `tally edge` from the command line: validate names the bad field; update-ranges reads the
// providers' formats from a real loopback server and writes one file, and when a list cannot be
// fetched it fails naming the URL and leaves the previous file as it was.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTally } from '../testing/cli.ts';
import { startServer, type TestServer } from '../testing/http-server.ts';
import { testClock, testConfig, testDeps } from '../testing/app.ts';
import { openTestDb } from '../testing/db.ts';
import { seedDemoEdge } from './demo.ts';

describe('tally edge (CLI)', () => {
  let server: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'tally-edge-cli-'));
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/aws.json') return void res.end(JSON.stringify({ syncToken: '1', prefixes: [{ ip_prefix: '3.5.140.0/22', region: 'ap-northeast-2', service: 'AMAZON' }], ipv6_prefixes: [{ ipv6_prefix: '2600:1f00::/24' }] }));
      if (req.url === '/do.csv') return void res.end('104.131.0.0/18,US,US-NY,New York,10001\n');
      res.statusCode = 404;
      res.end();
    });
  });
  afterAll(async () => server?.close());

  it('validate: a bad CIDR is refused naming the file and the field', async () => {
    const file = join(dir, 'edge.yaml');
    writeFileSync(file, 'apiVersion: tally.dev/v1\nkind: Edge\nmetadata: { name: shop }\nspec:\n  upstream: http://127.0.0.1:8080\n  trustedCidrs: [10.0.0.0/33]\n');
    const r = await runTally(['edge', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: spec.trustedCidrs[0]: not a CIDR`);
  });

  it('update-ranges: reads the published formats and writes one file', async () => {
    const out = join(dir, 'ranges.json');
    // Azure's weekly file has no fixed address: the operator downloads it and names the file.
    const azure = join(dir, 'ServiceTags_Public_20261130.json');
    writeFileSync(azure, JSON.stringify({ changeNumber: 300, cloud: 'Public', values: [{ name: 'AzureCloud', id: 'AzureCloud', properties: { changeNumber: 300, region: '', regionId: 0, platform: 'Azure', systemService: '', addressPrefixes: ['203.0.113.0/27'], networkFeatures: ['API'] } }] }));
    const r = await runTally(['edge', 'update-ranges', '--out', out, '--source', `aws=aws=${server.url}/aws.json`, '--source', `digitalocean=csv=${server.url}/do.csv`, '--source', `azure=azure=${azure}`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${out}: aws 2, digitalocean 1, azure 1 ranges\n`);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.providers).toEqual({ aws: ['3.5.140.0/22', '2600:1f00::/24'], digitalocean: ['104.131.0.0/18'], azure: ['203.0.113.0/27'] });
    expect(written.sources).toEqual([
      { provider: 'aws', from: `${server.url}/aws.json`, format: 'aws', ranges: 2 },
      { provider: 'digitalocean', from: `${server.url}/do.csv`, format: 'csv', ranges: 1 },
      { provider: 'azure', from: azure, format: 'azure', ranges: 1 },
    ]);
    const missingFile = await runTally(['edge', 'update-ranges', '--out', out, '--source', `azure=azure=${join(dir, 'none.json')}`]);
    expect(missingFile.stderr).toBe(`tally: cannot read azure ranges from ${join(dir, 'none.json')}: ENOENT (nothing was written; the previous ranges file is unchanged)\n`);
  });

  it('update-ranges: a list that cannot be fetched fails naming the URL and writes nothing', async () => {
    const out = join(dir, 'kept.json');
    writeFileSync(out, '{"fetchedAt":"2026-11-30T00:00:00Z","providers":{}}');
    const missing = await runTally(['edge', 'update-ranges', '--out', out, '--source', `aws=aws=${server.url}/aws.json`, '--source', `oracle=oracle=${server.url}/gone.json`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`tally: cannot fetch oracle ranges from ${server.url}/gone.json: HTTP 404 (nothing was written; the previous ranges file is unchanged)\n`);
    const gone = await startServer(() => {});
    await gone.close(); // a port nothing listens on any more
    const closed = await runTally(['edge', 'update-ranges', '--out', out, '--source', `aws=aws=${gone.url}/ip-ranges.json`]);
    expect(closed.stderr).toBe(`tally: cannot fetch aws ranges from ${gone.url}/ip-ranges.json: ECONNREFUSED (nothing was written; the previous ranges file is unchanged)\n`);
    expect(readFileSync(out, 'utf8')).toBe('{"fetchedAt":"2026-11-30T00:00:00Z","providers":{}}');
    expect(existsSync(`${out}.${process.pid}.tmp`)).toBe(false);
    expect((await runTally(['edge', 'update-ranges', '--out', out, '--source', 'nonsense'])).stderr).toContain('--source must be provider=format=url');
  });

  it('export-map: the active fingerprint bans as nginx and HAProxy map files', async () => {
    const db = await openTestDb('sqlite');
    try {
      await seedDemoEdge(testDeps(db, testConfig({ server: { demo: true } }), testClock(new Date().toISOString())));
      const nginx = await runTally(['edge', 'export-map', '--format', 'nginx'], { env: { TALLY_DATABASE_URL: db.url } });
      expect(nginx.stderr).toBe('');
      const lines = nginx.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^# tally edge export-map \(nginx\): /);
      expect(lines.slice(1)).toContainEqual(expect.stringMatching(/^"t12d060900_c866b44c5a26_b5b4ba4bd7f1\|h11-4901671a-33b65e23\|-" shadow; # until \d{4}-/));
      expect(lines.some((l) => l.includes('headless') || l.includes('@'))).toBe(false); // sessions are not fingerprints
      const haproxy = await runTally(['edge', 'export-map', '--format', 'haproxy'], { env: { TALLY_DATABASE_URL: db.url } });
      expect(haproxy.stdout.trim().split('\n').slice(1)).toContain('t12d060900_c866b44c5a26_b5b4ba4bd7f1|h11-4901671a-33b65e23|- shadow');
      expect((await runTally(['edge', 'export-map', '--format', 'caddy'], { env: { TALLY_DATABASE_URL: db.url } })).stderr).toContain('--format must be nginx or haproxy');
    } finally {
      await db.drop();
    }
  });
});
