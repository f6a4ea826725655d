// SIGTERM on a busy `tally serve` (a real process): keep-alive clients in the middle of their
// traffic get answers (or a refused new connection once it stopped listening) — never a reset
// of a request the server had accepted and then dropped unanswered.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, get } from 'node:http';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

it('closes keep-alive connections cleanly on SIGTERM: no request is reset', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-shutdown-'));
  writeFileSync(join(dir, 'tally.yaml'), 'logging: { level: warn }\n');
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/tally.js', 'serve', '--config', join(dir, 'tally.yaml'), '--port', String(port)], { cwd: ROOT, env: { ...process.env, TALLY_DATABASE_URL: join(dir, 'tally.db') }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const call = () =>
    new Promise<void>((ok, fail) => {
      const req = get(`${base}/api/v1/scorecards`, { agent }, (res) => {
        res.resume();
        res.on('end', ok);
        res.on('error', fail);
      });
      req.on('error', fail);
    });
  const outcomes = { answered: 0, refused: 0, reset: [] as string[] };
  let stop = false;
  const client = async () => {
    while (!stop) {
      try {
        await call();
        outcomes.answered++;
      } catch (err) {
        const code = (err as { code?: string }).code ?? String(err);
        if (code === 'ECONNREFUSED') outcomes.refused++;
        else outcomes.reset.push(code);
        if (code === 'ECONNREFUSED') stop = true;
      }
    }
  };
  const clients = Array.from({ length: 16 }, client);
  await new Promise((r) => setTimeout(r, 800));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  stop = true;
  await Promise.all(clients);
  agent.destroy();
  expect(outcomes.answered).toBeGreaterThan(16);
  expect(outcomes.reset).toEqual([]);
}, 60_000);
