// Issue 12 item 11 (server half), as a user meets it: `tally serve` prints where to open Tally
// only once the demo is graded, so the first page a new user opens shows grades.
import { afterAll, expect, it } from 'vitest';
import { freePort, startDemo, type DemoServer } from './testing.ts';

let server: DemoServer | undefined;
afterAll(async () => server?.stop());

it('prints "Tally is running" only after the first evaluation: grades and /readyz 200 at that moment', async () => {
  const port = await freePort();
  server = await startDemo({ url: `http://127.0.0.1:${port}`, args: ['--port', String(port)], until: 'printed' });
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  const board = await (await fetch(`${server.url}/api/v1/leaderboard`)).json();
  expect(board.services.filter((s: { grade: string | null }) => s.grade !== null)).toHaveLength(board.total);
  expect(board.total).toBeGreaterThan(30);
  const status = await (await fetch(`${server.url}/status`, { headers: { accept: 'application/json' } })).json();
  expect(status).toMatchObject({ ready: true, firstEvaluationDone: true });
}, 120_000);
