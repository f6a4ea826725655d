// `tally serve` when it cannot listen: exit 2 with what to do, not a raw EADDRINUSE stack.
// In this process (run(argv, io)); the port is held by a real socket.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTally } from '../../src/server/testing/cli.ts';

describe('tally serve on a port in use', () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => holder.close(() => r())));

  it('names the port and how to pick another, and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-serve-busy-'));
    writeFileSync(join(dir, 'tally.yaml'), 'catalog: { sources: [] }\nlogging: { level: error }\n');
    const r = await runTally(['serve', '--config', join(dir, 'tally.yaml'), '--port', String(port), '--host', '127.0.0.1', '--no-jobs'], { env: { TALLY_DATABASE_URL: join(dir, 'tally.db') } });
    expect(r.stderr).toBe(`tally: port ${port} on 127.0.0.1 is already in use (another Tally or another program listens there): pick another with --port N (or server.port in tally.yaml)\n`);
    expect(r.code).toBe(2);
  });
});
