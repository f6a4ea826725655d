// A real PostgreSQL streaming replica of the test cluster, for the read-replica tests: cloned with
// `pg_basebackup -R` (it writes standby.signal and primary_conninfo) and started with pg_ctl on a
// free loopback port, both as the `postgres` OS user (PostgreSQL refuses to run as root). The
// primary must allow replication from 127.0.0.1 (pg_hba.conf; .ci/run adds the line).
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './program.ts';

export interface TestReplica {
  /** postgres://postgres@127.0.0.1:<port>/<db of the primary URL> */
  url: string;
  port: number;
  /** Seconds pg_basebackup took (the clone copies the whole cluster). */
  cloneSeconds: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it (if running) and removes its files. */
  remove(): Promise<void>;
}

const BIN = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)).at(-1) ?? '15', 'bin');

/** Runs a PostgreSQL program as the postgres user (directly when this process is that user). */
function asPostgres(program: string, args: string[], timeoutMs = 120_000): Promise<string> {
  const [cmd, argv] = userInfo().username === 'postgres' ? [join(BIN, program), args] : ['runuser', ['-u', 'postgres', '--', join(BIN, program), ...args]];
  return new Promise((resolve, reject) =>
    execFile(cmd, argv, { timeout: timeoutMs }, (err, stdout, stderr) => (err ? reject(new Error(`${program} ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout))),
  );
}

/** Clones the cluster behind `primaryUrl` (PostgreSQL on 127.0.0.1) and starts the replica. */
export async function startReplica(primaryUrl: string): Promise<TestReplica> {
  const primary = new URL(primaryUrl);
  const dir = mkdtempSync('/tmp/tally-replica-');
  const data = join(dir, 'data');
  chownSync(dir, uidOfPostgres(), gidOfPostgres());
  const began = performance.now();
  await asPostgres('pg_basebackup', ['-R', '-X', 'stream', '--checkpoint=fast', '-D', data, '-h', primary.hostname, '-p', primary.port || '5432', '-U', 'postgres']);
  const cloneSeconds = (performance.now() - began) / 1000;
  // Debian keeps the configuration in /etc, outside the data folder: the replica gets its own.
  const owned = (file: string, text: string) => {
    writeFileSync(join(data, file), text);
    chownSync(join(data, file), uidOfPostgres(), gidOfPostgres());
  };
  owned('postgresql.conf', 'hot_standby = on\nmax_connections = 100\nshared_buffers = 32MB\nfsync = off\nautovacuum = off\n');
  owned('pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  owned('pg_ident.conf', '');
  const port = await freePort();
  let running = false;
  const replica: TestReplica = {
    url: `postgres://postgres@127.0.0.1:${port}${primary.pathname}`,
    port,
    cloneSeconds,
    async start() {
      const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`;
      await asPostgres('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop() {
      if (!running) return;
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
      running = false;
    },
    async remove() {
      await replica.stop().catch(() => asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await replica.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return replica;
}

let ids: { uid: number; gid: number } | undefined;
function postgresIds(): { uid: number; gid: number } {
  if (ids) return ids;
  const line = (file: string) => readFileLines(file).find((l) => l.startsWith('postgres:'))?.split(':');
  const passwd = line('/etc/passwd');
  if (!passwd) throw new Error('no postgres user in /etc/passwd: install PostgreSQL (.ci/run does)');
  ids = { uid: Number(passwd[2]), gid: Number(passwd[3]) };
  return ids;
}
const uidOfPostgres = () => postgresIds().uid;
const gidOfPostgres = () => postgresIds().gid;
const readFileLines = (file: string) => readFileSync(file, 'utf8').split('\n');
