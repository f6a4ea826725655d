// Vector bin packing (Panigrahy, Talwar, Uyeda, Wieder: "Heuristics for Vector Bin Packing",
// Microsoft Research, 2011): workloads with demand vectors placed on machines with capacity
// vectors, each dimension (cpu, memory, disk, network, …) a hard limit. Item-centric heuristics
// sort workloads by a size — the sum, product or L2 norm of the demand, each dimension as a share
// of the mean machine capacity — and put each on the first machine it fits (First Fit
// Decreasing). Bin-centric ones fill one machine at a time with the workload that best matches
// what is left: the largest dot product with the remaining capacity, or the smallest L2 norm of
// the remainder. Machines open largest first. All arrays are flat Float64Arrays (row × dims).

export const HEURISTICS = ['ffd-sum', 'ffd-product', 'ffd-l2', 'dot-product', 'norm-greedy'] as const;
export type Heuristic = (typeof HEURISTICS)[number];

export interface Problem {
  dims: number;
  /** machines × dims */
  capacity: Float64Array;
  /** workloads × dims */
  demand: Float64Array;
}

/** Machine of each workload (-1: unplaced). */
export type Assignment = Int32Array;

const EPS = 1e-9;

function counts(p: Problem): { m: number; n: number } {
  return { m: p.capacity.length / p.dims, n: p.demand.length / p.dims };
}

/** Per dimension, the mean machine capacity (what a share is measured against). */
function scale(p: Problem): Float64Array {
  const { m } = counts(p);
  const s = new Float64Array(p.dims);
  for (let i = 0; i < m; i++) for (let d = 0; d < p.dims; d++) s[d] += p.capacity[i * p.dims + d] / m;
  for (let d = 0; d < p.dims; d++) if (!(s[d] > 0)) s[d] = 1;
  return s;
}

/** Machines largest first (sum of shares), ties by index. */
function machineOrder(p: Problem, s: Float64Array): Int32Array {
  const { m } = counts(p);
  const size = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let d = 0; d < p.dims; d++) size[i] += p.capacity[i * p.dims + d] / s[d];
  return Int32Array.from({ length: m }, (_, i) => i).sort((a, b) => size[b] - size[a] || a - b);
}

function itemSize(p: Problem, s: Float64Array, j: number, h: Heuristic): number {
  let sum = 0, prod = 1, sq = 0;
  for (let d = 0; d < p.dims; d++) {
    const x = p.demand[j * p.dims + d] / s[d];
    sum += x;
    prod *= x;
    sq += x * x;
  }
  return h === 'ffd-sum' ? sum : h === 'ffd-product' ? prod : Math.sqrt(sq);
}

function fits(p: Problem, left: Float64Array, i: number, j: number): boolean {
  const k = p.dims;
  for (let d = 0; d < k; d++) if (p.demand[j * k + d] > left[i * k + d] + EPS) return false;
  return true;
}

function take(p: Problem, left: Float64Array, i: number, j: number): void {
  for (let d = 0; d < p.dims; d++) left[i * p.dims + d] -= p.demand[j * p.dims + d];
}

function firstFitDecreasing(p: Problem, h: Heuristic): Assignment {
  const { n } = counts(p);
  const s = scale(p);
  const order = machineOrder(p, s);
  const size = Float64Array.from({ length: n }, (_, j) => itemSize(p, s, j, h));
  const items = Int32Array.from({ length: n }, (_, j) => j).sort((a, b) => size[b] - size[a] || a - b);
  const left = Float64Array.from(p.capacity);
  const out = new Int32Array(n).fill(-1);
  let opened = 0;
  for (const j of items) {
    let placed = false;
    for (let o = 0; o < opened && !placed; o++) {
      const i = order[o];
      if (fits(p, left, i, j)) {
        take(p, left, i, j);
        out[j] = i;
        placed = true;
      }
    }
    // Open machines in order until one takes it.
    while (!placed && opened < order.length) {
      const i = order[opened++];
      if (fits(p, left, i, j)) {
        take(p, left, i, j);
        out[j] = i;
        placed = true;
      }
    }
  }
  return out;
}

function binCentric(p: Problem, h: 'dot-product' | 'norm-greedy'): Assignment {
  const { n } = counts(p);
  const k = p.dims;
  const s = scale(p);
  const order = machineOrder(p, s);
  // The workloads largest (L1 of shares) first, their demands in shares of the mean capacity and
  // laid out in that order, so scans read memory in sequence and scores need no division. A scan
  // stops once no smaller workload can beat the best found: a dot product is at most L1 × the
  // largest room; a remainder's squared L2 norm is at least (room's L1 − the workload's L1)² / dims.
  const size = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let d = 0; d < k; d++) size[j] += p.demand[j * k + d] / s[d];
  const byL1 = Int32Array.from({ length: n }, (_, j) => j).sort((a, b) => size[b] - size[a] || a - b);
  const need = new Float64Array(n * k);
  const l1 = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const j = byL1[r];
    l1[r] = size[j];
    for (let d = 0; d < k; d++) need[r * k + d] = p.demand[j * k + d] / s[d];
  }
  const room = new Float64Array(k);
  const at = new Int32Array(n).fill(-1);
  // The workloads not placed yet (ranks, ascending: L1 descending), compacted after each machine.
  const rest = Int32Array.from({ length: n }, (_, r) => r);
  let restLength = n;
  const dot = h === 'dot-product';
  for (let o = 0; o < order.length && restLength > 0; o++) {
    const i = order[o];
    for (let d = 0; d < k; d++) room[d] = p.capacity[i * k + d] / s[d] + EPS;
    for (;;) {
      let maxRoom = 0;
      let sumRoom = 0;
      for (let d = 0; d < k; d++) {
        maxRoom = Math.max(maxRoom, room[d]);
        sumRoom += room[d];
      }
      const best = bestFit(need, l1, rest, restLength, at, room, k, dot, firstNotLarger(l1, rest, restLength, sumRoom), maxRoom, sumRoom);
      if (best < 0) break;
      for (let d = 0; d < k; d++) room[d] -= need[best * k + d];
      at[best] = i;
    }
    let kept = 0;
    for (let q = 0; q < restLength; q++) if (at[rest[q]] < 0) rest[kept++] = rest[q];
    restLength = kept;
  }
  const out = new Int32Array(n).fill(-1);
  for (let r = 0; r < n; r++) out[byL1[r]] = at[r];
  return out;
}

/** The first position in rest whose workload's L1 is at most `sum` (a larger one cannot fit: each of its dimensions would have to fit). */
function firstNotLarger(l1: Float64Array, rest: Int32Array, length: number, sum: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (l1[rest[mid]] > sum) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The workload (rank) that fits the room with the best score — the largest dot product with the
 * room, or the smallest squared L2 norm of what is left — scanning from `from` and stopping once
 * no smaller workload can beat the best found; -1 when none fits.
 */
function bestFit(need: Float64Array, l1: Float64Array, rest: Int32Array, length: number, at: Int32Array, room: Float64Array, k: number, dot: boolean, from: number, maxRoom: number, sumRoom: number): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let q = from; q < length; q++) {
    const r = rest[q];
    if (at[r] >= 0) continue;
    if (best >= 0 && (dot ? l1[r] * maxRoom <= bestScore : sumRoom >= l1[r] && -((sumRoom - l1[r]) ** 2) / k <= bestScore)) break;
    const base = r * k;
    let score = 0;
    let d = 0;
    if (dot) {
      for (; d < k; d++) {
        const x = need[base + d];
        if (x > room[d]) break;
        score += x * room[d];
      }
    } else {
      for (; d < k; d++) {
        const x = need[base + d];
        const y = room[d];
        if (x > y) break;
        score -= (y - x) * (y - x);
      }
    }
    if (d === k && score > bestScore) {
      bestScore = score;
      best = r;
    }
  }
  return best;
}

export function pack(p: Problem, h: Heuristic): Assignment {
  return h === 'dot-product' || h === 'norm-greedy' ? binCentric(p, h) : firstFitDecreasing(p, h);
}

/**
 * The lower bound on machines: per dimension, the fewest machines whose capacities (largest
 * first) add up to the total demand — total demand / capacity rounded up when machines are alike.
 */
export function lowerBound(p: Problem): number {
  const { m, n } = counts(p);
  let bound = n > 0 ? 1 : 0;
  for (let d = 0; d < p.dims; d++) {
    let total = 0;
    for (let j = 0; j < n; j++) total += p.demand[j * p.dims + d];
    const caps = Array.from({ length: m }, (_, i) => p.capacity[i * p.dims + d]).sort((a, b) => b - a);
    let have = 0;
    let used = 0;
    while (have < total - EPS * Math.max(1, total) && used < m) have += caps[used++];
    if (have < total - EPS * Math.max(1, total)) used = m + 1;
    bound = Math.max(bound, used);
  }
  return bound;
}

export function machinesUsed(a: Assignment, machines: number): number {
  const used = new Uint8Array(machines);
  let count = 0;
  for (const i of a) if (i >= 0 && !used[i]) {
    used[i] = 1;
    count++;
  }
  return count;
}
