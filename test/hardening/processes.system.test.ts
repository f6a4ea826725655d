// Issue 19 item 2: many processes, each job once. Three `tally worker` and two `tally serve`
// processes (real ones) share one PostgreSQL with short leases (jobs.leaseMs: 10 s, a 200 ms tick).
// Every job run is logged with the instants its lease recorded ("job ran"); over the whole run,
// each job's runs never overlap and each starts at least its interval after the previous one
// ended — once per interval, split across the processes. The worker caught running the catalog
// refresh is killed with SIGKILL: another process takes the job once its lease has expired, not
// before. Meanwhile facts stream in through one server: every outbox delivery they cause is
// done exactly once (one attempt each), the kill notwithstanding.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/server/platform/auth/tokens.ts';
import { ENGINES, openTestDb, type TestDb } from '../../src/server/testing/db.ts';
import { spawnTally, startServe, waitFor, type TallyProcess } from './tally-processes.ts';

// Short enough for a quick takeover, long enough that a heartbeat gets through on a loaded 2-core
// machine: with 4 s, starved processes missed theirs and lost a live lease (the log says "lease lost").
const LEASE_MS = 10_000;
/** The intervals of the jobs checked for "once per interval" (their Job.everyMs; catalog-refresh from tally.yaml). */
const EVERY_MS: Record<string, number> = { 'events-dispatch': 1000, 'oncall-timers': 500, 'catalog-refresh': 5000 };

interface Run { job: string; process: string; holder: string; claimedAt: number; releasedAt?: number }

/**
 * Whether a logged run is the one that started at `startedAt`: a holder is a process, not a run,
 * and the "job started" line comes after the claim by however long the claim's UPDATE took.
 */
const within = (r: Run, startedAt: number) => r.claimedAt <= startedAt && (r.releasedAt ?? Infinity) >= startedAt;

/** The runs a process logged: "job started" (holder), then "job ran" with the lease's instants. */
function runsOf(name: string, output: string): { started: { job: string; holder: string; time: number }[]; ran: Run[] } {
  const started: { job: string; holder: string; time: number }[] = [];
  const ran: Run[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let o: { msg?: string; job?: string; holder?: string; time?: number; claimedAt?: string; releasedAt?: string };
    try {
      o = JSON.parse(line);
    } catch {
      continue;
    }
    if (o.msg === 'job started') started.push({ job: o.job!, holder: o.holder!, time: o.time! });
    if (o.msg === 'job ran') ran.push({ job: o.job!, process: name, holder: o.holder!, claimedAt: Date.parse(o.claimedAt!), releasedAt: Date.parse(o.releasedAt!) });
  }
  return { started, ran };
}

function bulk(dir: string, n = 600): void {
  writeFileSync(join(dir, 'bulk.yaml'), Array.from({ length: n }, (_, i) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: bulk-${i}, description: one of many }\nspec: { type: service, lifecycle: production, owner: group:default/team }\n`).join('---\n'));
}

const procs: TallyProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill9()));
  for (const c of cleanups) await c();
});

describe.runIf(ENGINES.includes('postgres'))('3 workers and 2 servers on one PostgreSQL [postgres]', () => {
  it('run every job once per interval, and a killed holder\'s job moves on after its lease, nothing done twice', async () => {
    const db: TestDb = await openTestDb('postgres');
    cleanups.push(() => db.drop());
    const dir = mkdtempSync(join(tmpdir(), 'tally-many-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    bulk(dir);
    const config = join(dir, 'tally.yaml');
    writeFileSync(config, `logging: { level: debug }\nserver: { rateLimit: { enabled: false } }\ncatalog: { sources: [./bulk.yaml], refreshInterval: 5s }\njobs: { tickMs: 200, leaseMs: ${LEASE_MS} }\n`);
    const env = { TALLY_DATABASE_URL: db.url };
    const { token } = await createToken(db.db, { name: 'many', role: 'editor' }, new Date());

    const workers = ['worker-1', 'worker-2', 'worker-3'].map((name) => ({ name, p: spawnTally(['worker', '--config', config], env) }));
    procs.push(...workers.map((w) => w.p));
    const serves = [];
    for (const name of ['serve-1', 'serve-2']) {
      const s = await startServe(config, env);
      procs.push(s);
      serves.push({ name, p: s });
    }
    const all = [...workers, ...serves];
    const runs = () => all.flatMap(({ name, p }) => runsOf(name, p.output()).ran);

    // Facts stream in through one server: each is an outbox event with handlers to run.
    let stop = false;
    let posted = 0;
    const post = (async () => {
      for (let i = 0; !stop; i++) {
        const res = await fetch(`${serves[0].p.url}/api/v1/facts`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ entity: 'component:default/bulk-1', name: `f-${i}`, value: { ok: true }, observedAt: new Date().toISOString() }) });
        if (res.status === 202) posted++;
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    // Wait until the catalog is there and a worker is caught running the refresh; kill it there.
    await waitFor('the first catalog refresh', () => runs().some((r) => r.job === 'catalog-refresh'), 90_000);
    let victim: { name: string; p: TallyProcess; holder: string; startedAt: number } | undefined;
    await waitFor('a worker running the catalog refresh', () => {
      for (const w of workers) {
        const { started, ran } = runsOf(w.name, w.p.output());
        const last = started.filter((s) => s.job === 'catalog-refresh').at(-1);
        if (last && !ran.some((r) => r.job === 'catalog-refresh' && r.holder === last.holder && within(r, last.time))) victim = { ...w, holder: last.holder, startedAt: last.time };
      }
      return victim !== undefined;
    }, 60_000, 10);
    await victim!.p.kill9();
    const killedAt = Date.now();
    // The holder never released it: someone else runs it after the lease expired.
    await waitFor('another process to take over the catalog refresh', () => runs().some((r) => r.job === 'catalog-refresh' && r.claimedAt > victim!.startedAt), 60_000);
    const takeover = runs().filter((r) => r.job === 'catalog-refresh' && r.claimedAt > victim!.startedAt).sort((a, b) => a.claimedAt - b.claimedAt)[0];
    expect(takeover.process).not.toBe(victim!.name);
    // Unless the victim finished (and released) its run between being picked and being killed —
    // a race the test cannot close — the job waited out the dead holder's lease.
    const finished = runs().some((r) => r.job === 'catalog-refresh' && r.holder === victim!.holder && within(r, victim!.startedAt));
    if (!finished) expect(takeover.claimedAt).toBeGreaterThanOrEqual(victim!.startedAt + LEASE_MS - 50);
    expect(takeover.claimedAt).toBeLessThan(killedAt + LEASE_MS + 20_000);
    // A few more seconds of every job, then stop the stream and let the outbox drain.
    await new Promise((r) => setTimeout(r, 4000));
    stop = true;
    await post;
    expect(posted).toBeGreaterThan(5);
    await waitFor('the outbox to drain', async () => {
      const pending = await db.db.selectFrom('event_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'done').executeTakeFirstOrThrow();
      return Number(pending.n) === 0;
    }, 60_000, 250);

    // Once per interval: per job, no two runs overlap, and each starts its interval after the last ended.
    const byJob = new Map<string, Run[]>();
    for (const r of runs()) byJob.set(r.job, [...(byJob.get(r.job) ?? []), r]);
    for (const name of Object.keys(EVERY_MS)) expect(byJob.get(name)?.length ?? 0, name).toBeGreaterThanOrEqual(2);
    expect(new Set(byJob.get('events-dispatch')!.map((r) => r.process)).size).toBeGreaterThanOrEqual(2); // the work is split
    const broken: string[] = [];
    for (const [job, list] of byJob) {
      list.sort((a, b) => a.claimedAt - b.claimedAt);
      for (let i = 1; i < list.length; i++) {
        const [a, b] = [list[i - 1], list[i]];
        const gap = b.claimedAt - a.releasedAt!;
        if (gap < (EVERY_MS[job] ?? 0)) broken.push(`${job}: ${b.process} claimed ${gap} ms after ${a.process} released`);
      }
    }
    const lost = all.flatMap(({ name, p }) => p.output().split('\n').filter((l) => l.includes('lease lost') || l.includes('lease heartbeat failed')).map((l) => `${name}: ${l}`));
    expect({ broken, lost }).toEqual({ broken: [], lost: [] });
    // Every delivery of every event done, each in one attempt: none ran twice, none was lost.
    const deliveries = await db.db.selectFrom('event_deliveries').select(['status', 'attempts']).execute();
    expect(deliveries.length).toBeGreaterThanOrEqual(posted);
    expect(deliveries.filter((d) => d.status !== 'done' || d.attempts !== 1)).toEqual([]);
    const facts = await db.db.selectFrom('facts').select('name').where('entity', '=', 'component:default/bulk-1').execute();
    expect(facts.length).toBeGreaterThanOrEqual(posted);
  }, 240_000);
});
