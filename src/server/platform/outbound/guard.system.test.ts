import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutboundUrl, classifyAddress, matchesAllowPattern, type OutboundPolicy } from './guard.ts';
import { fetchWithTimeout, guardedFetch, mapLimit, readBodyCapped } from './fetch.ts';
import { startServer, type TestServer } from '../../testing/http-server.ts';

const open: OutboundPolicy = { allow: [], allowPrivate: false, allowLinkLocal: false };
const fakeDns = (table: Record<string, string[]>) => async (host: string) => {
  if (!table[host]) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return table[host];
};

describe('checkOutboundUrl', () => {
  it('allows public hosts when the allow list is empty', async () => {
    expect(await checkOutboundUrl('https://status.example.com/x', open, fakeDns({ 'status.example.com': ['93.184.216.34'] }))).toEqual({ ok: true });
  });

  it('refuses other schemes', async () => {
    const v = await checkOutboundUrl('file:///etc/passwd', open);
    expect(v).toMatchObject({ ok: false, reason: expect.stringContaining('only http and https') });
    expect(await checkOutboundUrl('not a url', open)).toMatchObject({ ok: false });
  });

  it('refuses cloud metadata and link-local addresses, by literal, by name and by resolution', async () => {
    expect(await checkOutboundUrl('http://169.254.169.254/latest/meta-data/', open)).toMatchObject({ ok: false, reason: expect.stringContaining('cloud metadata') });
    expect(await checkOutboundUrl('http://[fd00:ec2::254]/', open)).toMatchObject({ ok: false, reason: expect.stringContaining('cloud metadata') });
    expect(await checkOutboundUrl('http://metadata.google.internal/computeMetadata/v1/', open)).toMatchObject({ ok: false });
    expect(await checkOutboundUrl('http://[fe80::1]/', open)).toMatchObject({ ok: false, reason: expect.stringContaining('link-local') });
    const dns = fakeDns({ 'sneaky.example.com': ['93.184.216.34', '169.254.10.1'] });
    expect(await checkOutboundUrl('http://sneaky.example.com/', open, dns)).toMatchObject({ ok: false, reason: expect.stringContaining('sneaky.example.com resolves to 169.254.10.1') });
    expect(await checkOutboundUrl('http://[::ffff:169.254.169.254]/', open)).toMatchObject({ ok: false });
  });

  it('lets allowLinkLocal open link-local and metadata addresses', async () => {
    expect(await checkOutboundUrl('http://169.254.169.254/', { ...open, allowLinkLocal: true })).toEqual({ ok: true });
  });

  it('refuses private and loopback addresses unless allowPrivate or explicitly listed', async () => {
    expect(await checkOutboundUrl('http://10.1.2.3/', open)).toMatchObject({ ok: false, reason: expect.stringContaining('private') });
    expect(await checkOutboundUrl('http://127.0.0.1:7070/', open)).toMatchObject({ ok: false, reason: expect.stringContaining('loopback') });
    expect(await checkOutboundUrl('http://127.0.0.1:7070/', { ...open, allowPrivate: true })).toEqual({ ok: true });
    expect(await checkOutboundUrl('http://127.0.0.1:7070/', { ...open, allow: ['127.0.0.1'] })).toEqual({ ok: true });
    expect(await checkOutboundUrl('http://localhost:7070/', { ...open, allow: ['localhost:7070'] }, fakeDns({ localhost: ['127.0.0.1', '::1'] }))).toEqual({ ok: true });
  });

  it('with a non-empty allow list, refuses hosts it does not name', async () => {
    const policy = { ...open, allow: ['*.acme.example', 'localhost:7070'] };
    const dns = fakeDns({ 'api.acme.example': ['93.184.216.34'], 'evil.example': ['93.184.216.34'], localhost: ['127.0.0.1'] });
    expect(await checkOutboundUrl('https://api.acme.example/status', policy, dns)).toEqual({ ok: true });
    expect(await checkOutboundUrl('https://evil.example/', policy, dns)).toMatchObject({ ok: false, reason: 'host evil.example:443 is not in outbound.allow' });
    expect(await checkOutboundUrl('http://localhost:8080/', policy, dns)).toMatchObject({ ok: false });
  });

  it('reports DNS failures as such', async () => {
    expect(await checkOutboundUrl('http://nowhere.invalid/', open, fakeDns({}))).toMatchObject({ ok: false, dns: true, reason: expect.stringContaining('ENOTFOUND') });
  });
});

describe('matchesAllowPattern and classifyAddress', () => {
  it('matches wildcard subdomains, not the apex; ports when given', () => {
    expect(matchesAllowPattern('*.acme.example', 'a.b.acme.example', '443')).toBe(true);
    expect(matchesAllowPattern('*.acme.example', 'acme.example', '443')).toBe(false);
    expect(matchesAllowPattern('*.acme.example', 'evilacme.example', '443')).toBe(false);
    expect(matchesAllowPattern('localhost:7070', 'localhost', '7070')).toBe(true);
    expect(matchesAllowPattern('localhost:7070', 'localhost', '80')).toBe(false);
    expect(matchesAllowPattern('[::1]:8080', '::1', '8080')).toBe(true);
    expect(matchesAllowPattern('API.Acme.Example', 'api.acme.example', '80')).toBe(true);
  });

  it('classifies address ranges', () => {
    expect(classifyAddress('172.16.0.1')).toBe('private');
    expect(classifyAddress('172.32.0.1')).toBe('public');
    expect(classifyAddress('100.64.1.1')).toBe('private');
    expect(classifyAddress('fd12::1')).toBe('private');
    expect(classifyAddress('::1')).toBe('loopback');
    expect(classifyAddress('2001:db8::1')).toBe('public');
  });
});

describe('fetch helpers against a real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        for (let i = 0; i < 64; i++) res.write(chunk); // 4 MiB
        return res.end();
      }
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 1500);
      if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end();
      if (req.url === '/to-ok') return res.writeHead(301, { location: '/ok' }).end();
      res.end('ok');
    });
  });
  afterAll(() => server.close());

  it('truncates a large body at the cap', async () => {
    const res = await fetch(`${server.url}/big`);
    const body = await readBodyCapped(res, 1024 * 1024);
    expect(body).toMatchObject({ bytes: 1024 * 1024, truncated: true });
    expect(body.text.length).toBe(1024 * 1024);
  });

  it('reads a small body whole', async () => {
    expect(await readBodyCapped(await fetch(`${server.url}/ok`), 2)).toEqual({ text: 'ok', bytes: 2, truncated: false });
  });

  it('times out', async () => {
    await expect(fetchWithTimeout(fetch, `${server.url}/slow`, {}, 100).then((r) => r.text())).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('re-checks every redirect target', async () => {
    const policy = { allow: [], allowPrivate: true, allowLinkLocal: false };
    const r = await guardedFetch(fetch, `${server.url}/to-metadata`, {}, { policy, timeoutMs: 1000 });
    expect(r).toMatchObject({ ok: false, refused: expect.stringContaining('169.254.169.254') });
    const ok = await guardedFetch(fetch, `${server.url}/to-ok`, {}, { policy, timeoutMs: 1000 });
    expect(ok.ok && (await ok.res.text())).toBe('ok');
  });
});

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 * (8 - n)));
      running--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });
});

describe('IPv6 forms that embed IPv4', () => {
  it('judges them as the IPv4 address', () => {
    expect(classifyAddress('::ffff:a9fe:a9fe')).toBe('metadata');
    expect(classifyAddress('::ffff:169.254.1.1')).toBe('link-local');
    expect(classifyAddress('::ffff:7f00:1')).toBe('loopback');
    expect(classifyAddress('64:ff9b::a9fe:a9fe')).toBe('metadata');
    expect(classifyAddress('::ffff:8.8.8.8')).toBe('public');
    expect(classifyAddress('::')).toBe('private');
  });
});
