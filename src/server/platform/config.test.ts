import { testHost } from '../testing/host.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressUrl, listeningConfig, loadConfig } from './config.ts';
import { InputError } from './problems.ts';

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-config-'));
  const file = join(dir, 'tally.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('applies defaults and resolves the SQLite path relative to the file', () => {
    const file = writeConfig('catalog: { sources: [./catalog] }\n');
    const config = loadConfig(file, testHost.configSections, {});
    expect(config.server.port).toBe(7070);
    expect(config.server.anonymousRead).toBe(true);
    expect(config.databaseUrl).toBe(join(file, '..', 'data', 'tally.db'));
    expect(config.catalog.refreshInterval).toBe(5 * 60_000);
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('lets TALLY_DATABASE_URL override database.url', () => {
    const file = writeConfig('database: { url: ./x.db }\n');
    expect(loadConfig(file, testHost.configSections, { TALLY_DATABASE_URL: 'postgres://u@h/db' }).databaseUrl).toBe('postgres://u@h/db');
  });

  it('reads SQLite locations written as URLs, and refuses a database it does not speak', () => {
    const file = writeConfig('database: { url: ./x.db }\n');
    const url = (value: string) => loadConfig(file, testHost.configSections, { TALLY_DATABASE_URL: value }).databaseUrl;
    expect(url('sqlite:/tmp/t.db')).toBe('/tmp/t.db');
    expect(url('sqlite:///tmp/t.db')).toBe('/tmp/t.db');
    expect(url('file:data/t.db')).toBe(join(file, '..', 'data', 't.db'));
    expect(() => url('mysql://root@127.0.0.1/test')).toThrow(InputError);
    try {
      url('mysql://root@127.0.0.1/test');
    } catch (e) {
      expect((e as InputError).problems[0]).toMatchObject({ field: 'TALLY_DATABASE_URL', message: expect.stringContaining('mysql:// is not a database Tally speaks') });
    }
  });

  it('reports every problem at once, each with its path', () => {
    const file = writeConfig('server: { port: "x", colour: blue }\ncatalog: { refreshInterval: soon }\ngraph: { rules: [ { name: a, from: { tier: 0 }, to: {} } ] }\n');
    let error: InputError | undefined;
    try {
      loadConfig(file, testHost.configSections, {});
    } catch (e) {
      error = e as InputError;
    }
    expect(error).toBeInstanceOf(InputError);
    const fields = error!.problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['server.port', 'server', 'catalog.refreshInterval', 'graph.rules[0].from.tier']));
    expect(error!.problems.every((p) => p.file === file)).toBe(true);
  });

  it('takes read replicas with PostgreSQL only: on SQLite it is an error naming the field', () => {
    const pgFile = writeConfig('database: { url: postgres://u@h/db, readReplicas: [postgres://u@r1/db], maxReplicaLag: 30s }\n');
    const config = loadConfig(pgFile, testHost.configSections, {});
    expect(config.database).toMatchObject({ readReplicas: ['postgres://u@r1/db'], maxReplicaLag: 30_000, replicaCheckInterval: 1000 });
    expect(loadConfig(writeConfig('{}\n'), testHost.configSections, {}).database.maxReplicaLag).toBe(10_000);
    const sqliteFile = writeConfig('database: { url: ./x.db, readReplicas: [postgres://u@r1/db] }\n');
    let error: InputError | undefined;
    try {
      loadConfig(sqliteFile, testHost.configSections, {});
    } catch (e) {
      error = e as InputError;
    }
    expect(error?.problems).toEqual([expect.objectContaining({ file: sqliteFile, field: 'database.readReplicas', message: expect.stringMatching(/need PostgreSQL/) })]);
    expect(() => loadConfig(writeConfig('database: { url: postgres://u@h/db, readReplicas: [./replica.db] }\n'), testHost.configSections, {})).toThrow(InputError);
  });

  it('names the file when the YAML is malformed', () => {
    const file = writeConfig('server: [unclosed\n');
    expect(() => loadConfig(file, testHost.configSections, {})).toThrow(/tally.yaml: not valid YAML/);
  });

  it('derives server.publicUrl from the listening address unless tally.yaml sets it', () => {
    const derived = loadConfig(writeConfig('server: { port: 7070 }\n'), testHost.configSections, {});
    expect(derived.server.publicUrl).toBe('http://127.0.0.1:7070');
    const moved = listeningConfig(derived, { host: '127.0.0.1', port: 8080 });
    expect(moved.server).toMatchObject({ port: 8080, publicUrl: 'http://127.0.0.1:8080' });
    expect(Object.isFrozen(moved.server)).toBe(true);
    const set = loadConfig(writeConfig('server: { publicUrl: https://tally.acme.example }\n'), testHost.configSections, {});
    expect(listeningConfig(set, { host: '0.0.0.0', port: 8080 }).server.publicUrl).toBe('https://tally.acme.example');
  });

  it('reaches every listening address by a literal it can connect to', () => {
    expect(addressUrl('0.0.0.0', 80)).toBe('http://127.0.0.1:80');
    expect(addressUrl('::1', 9000)).toBe('http://[::1]:9000');
    expect(addressUrl('tally.internal', 7070)).toBe('http://tally.internal:7070');
  });
});
