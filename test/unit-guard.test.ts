// The unit project's promise (vitest.config.ts): nothing in it starts a process or a server.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';

describe('a unit test', () => {
  it('cannot start a subprocess, synchronously or not', () => {
    expect(() => spawnSync('true')).toThrow(/\*\.system\.test\.ts/);
    expect(() => spawn('true')).toThrow(/started a subprocess/);
    expect(() => execFile('true')).toThrow(/started a subprocess/);
  });
  it('cannot listen on a port', () => {
    expect(() => createServer().listen(0, '127.0.0.1')).toThrow(/started a server/);
  });
});
