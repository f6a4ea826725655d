import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, testDeps } from '../testing/app.ts';
import { describeEachEngine } from '../testing/db.ts';
import { run } from '../main.ts';
import { bufferIo } from '../platform/cli/io.ts';
import type { App } from '../platform/http/app.ts';
import { HEURISTICS, lowerBound, machinesUsed, pack, type Problem } from './pack.ts';
import { plan } from './plan.ts';

const machine = (name: string, cpu = 10, memory = 10) => ({ name, capacity: { cpu, memory } });

/** Random problems: every packing keeps every machine within capacity in every dimension. */
function random(n: number, seed: number): Problem {
  let a = seed;
  const r = () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
  const dims = 3;
  const demand = Float64Array.from({ length: n * dims }, () => 0.05 + r() * 0.4);
  return { dims, capacity: new Float64Array(n * dims).fill(1), demand };
}

describe('the heuristics', () => {
  it('never overfill a machine and stay near the lower bound', () => {
    const p = random(300, 7);
    const bound = lowerBound(p);
    for (const h of HEURISTICS) {
      const a = pack(p, h);
      expect(a.every((i) => i >= 0), h).toBe(true);
      const load = new Float64Array(p.capacity.length);
      a.forEach((i, j) => { for (let d = 0; d < 3; d++) load[i * 3 + d] += p.demand[j * 3 + d]; });
      expect(load.every((x) => x <= 1 + 1e-9), h).toBe(true);
      expect(machinesUsed(a, 300), h).toBeGreaterThanOrEqual(bound);
      expect(machinesUsed(a, 300) / bound, h).toBeLessThan(1.35);
    }
  });

  it('lower bound: per dimension, total demand over capacity rounded up; largest machines first when they differ', () => {
    expect(lowerBound({ dims: 2, capacity: new Float64Array([10, 10, 10, 10, 10, 10]), demand: new Float64Array([6, 1, 6, 1, 6, 1]) })).toBe(2);
    expect(lowerBound({ dims: 1, capacity: new Float64Array([100, 10, 10]), demand: new Float64Array([60, 45]) })).toBe(2);
  });
});

describe('the plan', () => {
  it('packs, compares with the lower bound and keeps workloads where they are when that costs nothing', () => {
    const p = plan({
      machines: [machine('a'), machine('b'), machine('c')],
      workloads: [
        { name: 'w1', demand: { cpu: 6, memory: 2 }, machine: 'b' },
        { name: 'w2', demand: { cpu: 4, memory: 8 }, machine: 'b' },
        { name: 'w3', demand: { cpu: 5, memory: 5 }, machine: 'c' },
        { name: 'w4', demand: { cpu: 5, memory: 5 }, machine: 'a' },
      ],
    });
    expect(p).toMatchObject({ machinesUsed: 2, lowerBound: 2, ratio: 1, dimensions: ['cpu', 'memory'] });
    expect(p.moves).toHaveLength(1);
    expect(p.placements.filter((x) => x.machine === 'b').map((x) => x.workload).sort()).toEqual(['w1', 'w2']);
    expect(p.heuristics.map((h) => h.heuristic)).toEqual([...HEURISTICS]);
  });

  it('names the workload and the dimension no machine can hold, and other faults by field', () => {
    expect(() => plan({ machines: [machine('a'), machine('b', 20, 4)], workloads: [{ name: 'huge', demand: { cpu: 5, memory: 12 } }] }, 'p.yaml'))
      .toThrow(/p\.yaml: workloads\[0\]\.demand\.memory: workload "huge" needs memory 12, more than any machine has \(the largest has 10\)/);
    expect(() => plan({ machines: [machine('a', 10, 2), machine('b', 2, 10)], workloads: [{ name: 'both', demand: { cpu: 5, memory: 5 } }] }))
      .toThrow(/workload "both" fits no single machine/);
    expect(() => plan({ machines: [machine('a')], workloads: [{ name: 'w', demand: { cpu: -1 } }] })).toThrow(/workloads\[0\]\.demand\.cpu/);
    expect(() => plan({ machines: [machine('a')], workloads: [{ name: 'w', demand: {}, machine: 'zz' }] })).toThrow(/workloads\[0\]\.machine: workload "w" runs on "zz"/);
    expect(() => plan({ machines: [machine('a'), machine('a')], workloads: [] })).toThrow(/machine "a" is listed twice/);
  });

  it('lists what does not fit as unplaced', () => {
    const p = plan({ machines: [machine('a')], workloads: [{ name: 'x', demand: { cpu: 6 } }, { name: 'y', demand: { cpu: 6 } }] });
    expect(p.unplaced).toHaveLength(1);
  });
});

describe('tally capacity plan', () => {
  it('prints the example plan with its ratio to the lower bound, and JSON', async () => {
    const io = bufferIo();
    expect(await run(['capacity', 'plan', 'examples/acme/capacity/plan.yaml'], io), io.err()).toBe(0);
    expect(io.out()).toMatch(/best: [a-z-]+ — \d+ machines, lower bound \d+, ratio [\d.]+/);
    const json = bufferIo();
    expect(await run(['capacity', 'plan', 'examples/acme/capacity/plan.yaml', '--format', 'json'], json)).toBe(0);
    const out = JSON.parse(json.out());
    expect(out).toMatchObject({ heuristic: expect.any(String), machinesUsed: expect.any(Number), lowerBound: expect.any(Number), moves: expect.any(Array) });
    expect(out.placements).toHaveLength(16);
  });

  it('names the file and field of a bad input (exit 2)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tally-plan-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ machines: [machine('a')], workloads: [{ name: 'big', demand: { cpu: 11 } }] }));
    const io = bufferIo();
    expect(await run(['capacity', 'plan', file], io)).toBe(2);
    expect(io.err()).toMatch(/bad\.json: workloads\[0\]\.demand\.cpu: workload "big" needs cpu 11/);
  });
});

describeEachEngine('POST /api/v1/capacity/plan', ({ db }) => {
  let app: App;
  beforeAll(async () => {
    app = await testApp(testDeps(db()));
  });
  afterAll(async () => app?.close());

  it('answers the plan, and a 400 naming the field', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/v1/capacity/plan', payload: { machines: [machine('a'), machine('b')], workloads: [{ name: 'w', demand: { cpu: 4 }, machine: 'b' }] } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ machinesUsed: 1, lowerBound: 1, moves: [], placements: [{ workload: 'w', machine: 'b' }] });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/capacity/plan', payload: { machines: [machine('a')], workloads: [{ name: 'w', demand: { gpu: 1 } }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/request body: workloads\[0\]\.demand\.gpu: workload "w" needs gpu 1/);
  });
});

describe('imbalance', () => {
  it('gives each node its share, the spread and whether it is within the bound (exit 1 when not)', async () => {
    const io = bufferIo();
    expect(await run(['capacity', 'imbalance', 'examples/acme/capacity/datanodes.yaml', '--format', 'json'], io)).toBe(1);
    expect(JSON.parse(io.out())).toMatchObject({ fullest: 'dn-02', emptiest: 'dn-04', spreadPoints: 42.19, balanced: false });
    const file = join(mkdtempSync(join(tmpdir(), 'tally-imb-')), 'n.yaml');
    writeFileSync(file, 'nodes:\n  - { name: a, used: 50, capacity: 100 }\n  - { name: b, used: 110, capacity: 200 }\n');
    const ok = bufferIo();
    expect(await run(['capacity', 'imbalance', file, '--max-spread', '10'], ok)).toBe(0);
    expect(ok.out()).toMatch(/spread 5 points .* — balanced/);
    writeFileSync(file, 'nodes:\n  - { name: a, used: 50, capacity: 0 }\n  - { name: b, used: 1, capacity: 2 }\n');
    const bad = bufferIo();
    expect(await run(['capacity', 'imbalance', file], bad)).toBe(2);
    expect(bad.err()).toMatch(/n\.yaml: nodes\[0\]\.capacity/);
  });
});
