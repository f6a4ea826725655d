import { describe, expect, it } from 'vitest';
import { analyzeBoot, blockedReasons, bootWaves, findCycles, pathToCycle } from './analysis.ts';
import { generateGraph } from './generate.ts';
import { graphOf, ref } from './testing.ts';

const refs = (...names: string[]) => names.map((n) => ref(n));

describe('findCycles', () => {
  it('finds nothing in a DAG', () => {
    expect(findCycles(graphOf('a>b b>c a>c'))).toEqual([]);
  });

  it('finds one cycle with its edges and a closed path', () => {
    const [c] = findCycles(graphOf('x>a a>b b>c c>a c>y'));
    expect(c.nodes).toEqual(refs('a', 'b', 'c'));
    expect(c.edges).toEqual([
      [ref('a'), ref('b')],
      [ref('b'), ref('c')],
      [ref('c'), ref('a')],
    ]);
    expect(c.path).toEqual(refs('a', 'b', 'c', 'a'));
  });

  it('finds two separate cycles, sorted by first node', () => {
    const cycles = findCycles(graphOf('q>p p>q a>b b>a b>p'));
    expect(cycles.map((c) => c.nodes)).toEqual([refs('a', 'b'), refs('p', 'q')]);
  });

  it('reports a self loop as a cycle of one', () => {
    expect(findCycles(graphOf('a>a a>b'))).toEqual([{ nodes: refs('a'), edges: [[ref('a'), ref('a')]], path: refs('a', 'a') }]);
  });

  it('merges nested cycles into one component and gives the shortest path through its first node', () => {
    // a→b→a inside a→b→c→d→a
    const [c, ...rest] = findCycles(graphOf('a>b b>a b>c c>d d>a'));
    expect(rest).toEqual([]);
    expect(c.nodes).toEqual(refs('a', 'b', 'c', 'd'));
    expect(c.edges).toHaveLength(5);
    expect(c.path).toEqual(refs('a', 'b', 'a'));
  });

  it('handles a 10,000-node ring without recursion', () => {
    const g = generateGraph(10_000, 0, 7);
    const nodes = g.nodes();
    nodes.forEach((n, i) => g.addDirectedEdge(n, nodes[(i + 1) % nodes.length], { via: 'dependsOn' }));
    const cycles = findCycles(g);
    expect(cycles).toHaveLength(1);
    expect(cycles[0].nodes).toHaveLength(10_000);
    expect(cycles[0].path).toHaveLength(10_001);
  });
});

describe('bootWaves', () => {
  it('boots a chain one node per wave, dependencies first', () => {
    expect(bootWaves(graphOf('a>b b>c c>d'))).toEqual({ waves: [refs('d'), refs('c'), refs('b'), refs('a')], blocked: [] });
  });

  it('boots the two sides of a diamond together', () => {
    expect(bootWaves(graphOf('top>l top>r l>base r>base r>x'))).toEqual({
      waves: [refs('base', 'x'), refs('l', 'r'), refs('top')],
      blocked: [],
    });
  });

  it('puts a node in the wave after its latest dependency', () => {
    expect(bootWaves(graphOf('a>b b>c a>c')).waves).toEqual([refs('c'), refs('b'), refs('a')]);
  });

  it('blocks the nodes on a cycle and everything behind it, but not what the cycle needs', () => {
    const g = graphOf('front>mid mid>p p>q q>p q>db other>db');
    expect(bootWaves(g)).toEqual({ waves: [refs('db'), refs('other')], blocked: refs('front', 'mid', 'p', 'q') });
  });

  it('blocks a node with a self loop', () => {
    expect(bootWaves(graphOf('a>a b>c'))).toEqual({ waves: [refs('c'), refs('b')], blocked: refs('a') });
  });

  it('boots 10,000 nodes in a chain without recursion', () => {
    const g = generateGraph(10_000, 0, 7);
    const nodes = g.nodes();
    for (let i = 1; i < nodes.length; i++) g.addDirectedEdge(nodes[i - 1], nodes[i], { via: 'dependsOn' });
    const { waves, blocked } = bootWaves(g);
    expect(waves).toHaveLength(10_000);
    expect(waves[0]).toEqual([nodes[nodes.length - 1]]);
    expect(blocked).toEqual([]);
  });
});

describe('blockedReasons', () => {
  it('says which cycle a node sits on or waits behind, and the way there', () => {
    const g = graphOf('front>mid mid>p p>q q>p x>y y>x front>x');
    const cycles = findCycles(g);
    expect(cycles.map((c) => c.nodes)).toEqual([refs('p', 'q'), refs('x', 'y')]);
    const reasons = blockedReasons(g, cycles);
    expect(reasons.map((r) => r.node)).toEqual(refs('front', 'mid', 'p', 'q', 'x', 'y'));
    expect(reasons.find((r) => r.node === ref('p'))).toEqual({ node: ref('p'), cycle: 0, onCycle: true, waitingOn: null, distance: 0 });
    expect(reasons.find((r) => r.node === ref('mid'))).toEqual({ node: ref('mid'), cycle: 0, onCycle: false, waitingOn: ref('p'), distance: 1 });
    // front is one hop from x (cycle 1) and two from p (cycle 0): the nearest wins
    expect(reasons.find((r) => r.node === ref('front'))).toMatchObject({ cycle: 1, waitingOn: ref('x'), distance: 1 });
    expect(pathToCycle(reasons, ref('mid'))).toEqual(refs('mid', 'p'));
    expect(pathToCycle(reasons, ref('nope'))).toEqual([]);
  });

  it('agrees with bootWaves on which nodes are blocked', () => {
    const g = generateGraph(2_000, 6_000, 3, { backEdgeRate: 0.01 });
    const all = analyzeBoot(g);
    expect(all.cycles.length).toBeGreaterThan(0);
    expect(all.reasons.map((r) => r.node)).toEqual(all.blocked);
    expect(all.waves.flat().length + all.blocked.length).toBe(2_000);
    const waveOf = new Map(all.waves.flatMap((w, i) => w.map((n) => [n, i] as const)));
    g.forEachEdge((_e, _a, from, to) => {
      if (waveOf.has(from)) expect(waveOf.get(to)).toBeLessThan(waveOf.get(from)!);
    });
  });
});
