// The decision service behind Debian's real nginx (/usr/sbin/nginx) on loopback, configured with
// the documented auth_request recipe (examples/edge/nginx.conf.template): people pass through
// with the edge's session cookie; a checkout bot is judged and then gets "sold out" from the edge
// through nginx; the verdict is the same (same fingerprint, same action) as the edge reaches
// for the same client without nginx.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../testing/db.ts';
import { PACKAGE_ROOT } from '../../platform/package-root.ts';
import { edgeDocumentSchema } from '../document.ts';
import { startShop, type Shop } from '../simulate/shop.ts';
import { startEdge, type RunningEdge } from './start.ts';

const NGINX = '/usr/sbin/nginx';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${url} did not answer`);
}

const doc = (shopPort: number) => edgeDocumentSchema.parse({
  apiVersion: 'tally.dev/v1', kind: 'Edge', metadata: { name: 'nginx' },
  spec: { upstream: `http://127.0.0.1:${shopPort}`, listen: { port: 0 }, decision: { port: 0 }, verdict: { minObserveSeconds: 0 } },
});

const BOT_HEADERS = { 'user-agent': 'python-requests/2.32', accept: '*/*', 'accept-encoding': 'gzip, deflate', 'content-type': 'application/json' };

describe.skipIf(!existsSync(NGINX))('the edge behind nginx (auth_request)', () => {
  let db: TestDb;
  let shop: Shop;
  let edge: RunningEdge;
  let nginx: ChildProcess;
  let base: string;
  beforeAll(async () => {
    db = await openTestDb('sqlite');
    shop = await startShop({ stock: 1000 });
    edge = await startEdge(doc(shop.port), { db: db.db });
    const dir = mkdtempSync(join(tmpdir(), 'tally-edge-nginx-'));
    const port = await freePort();
    const conf = readFileSync(join(PACKAGE_ROOT, 'examples/edge/nginx.conf.template'), 'utf8')
      .replaceAll('{{DIR}}', dir).replaceAll('{{UPSTREAM}}', `127.0.0.1:${shop.port}`).replaceAll('{{DECISION}}', `127.0.0.1:${edge.decision.port}`).replaceAll('{{LISTEN}}', `127.0.0.1:${port}`);
    writeFileSync(join(dir, 'nginx.conf'), conf);
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: 'ignore' });
    base = `http://127.0.0.1:${port}`;
    await waitFor(base);
  });
  afterAll(async () => {
    nginx?.kill('SIGTERM');
    await new Promise((r) => (nginx?.exitCode !== null ? r(undefined) : nginx.once('exit', r)));
    await edge?.close();
    await shop?.close();
    await db?.drop();
  });

  it('lets people through with the edge\'s session cookie and the shop\'s own page', async () => {
    const res = await fetch(`${base}/product/2`, { headers: { 'user-agent': 'Mozilla/5.0', 'accept-language': 'en' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Limited sneaker #2');
    expect(res.headers.get('set-cookie')).toMatch(/^sid=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('judges a checkout bot as the edge alone does, and answers it "sold out" through nginx', async () => {
    const bodies: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${base}/checkout`, { method: 'POST', headers: BOT_HEADERS, body: '{}' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      bodies.push(await res.text());
    }
    expect(bodies[0]).toMatch(/"ok":true/);
    expect(bodies.at(-1)).toContain('sold_out');
    const viaNginx = edge.runtime.engine.activeBans(Date.now());
    expect(viaNginx).toHaveLength(1);

    // The same client straight at an edge proxy (no nginx, its own database): the same fingerprint, banned the same way.
    const db2 = await openTestDb('sqlite');
    const alone = await startEdge(doc(shop.port), { db: db2.db });
    try {
      for (let i = 0; i < 20; i++) await (await fetch(`http://127.0.0.1:${alone.proxy.port}/checkout`, { method: 'POST', headers: BOT_HEADERS, body: '{}' })).text();
      const direct = alone.runtime.engine.activeBans(Date.now());
      expect(direct.map((b) => [b.key, b.action])).toEqual(viaNginx.map((b) => [b.key, b.action]));
      await alone.runtime.store.settle();
      await edge.runtime.store.settle();
      const stored = async (d: TestDb) => d.db.selectFrom('edge_verdicts').select(['subject', 'action']).where('verdict', '=', 'bot').execute();
      expect(await stored(db2)).toEqual(await stored(db));
      expect(await stored(db)).toHaveLength(1);
    } finally {
      await alone.close();
      await db2.drop();
    }
  });
});
