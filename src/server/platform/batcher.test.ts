// The batcher: requests queued together run as one batch (up to maxItems), each answered with its
// own results only after its batch ran, and a failed batch is run again request by request so
// only the bad request fails.
import { expect, it } from 'vitest';
import { createBatcher } from './batcher.ts';

const doubler = (log: number[][][], maxItems = 100) =>
  createBatcher<number, number>({
    lingerMs: () => 0,
    maxItems: () => maxItems,
    run: async (requests) => {
      log.push(requests.map((r) => [...r]));
      if (requests.flat().includes(13)) throw new Error('13 is bad');
      return requests.map((r) => r.map((n) => n * 2));
    },
  });

it('runs requests queued together as one batch and answers each with its own results', async () => {
  const log: number[][][] = [];
  const b = doubler(log);
  const [x, y, z] = await Promise.all([b.add([1, 2]), b.add([3]), b.add([4, 5, 6])]);
  expect([x, y, z]).toEqual([[2, 4], [6], [8, 10, 12]]);
  expect(log).toEqual([[[1, 2], [3], [4, 5, 6]]]);
});

it('starts a new batch past maxItems, and runs a request larger than that alone', async () => {
  const log: number[][][] = [];
  const b = doubler(log, 3);
  await Promise.all([b.add([1, 2]), b.add([3]), b.add([4, 5]), b.add([6, 7, 8, 9])]);
  expect(log).toEqual([[[1, 2], [3]], [[4, 5]], [[6, 7, 8, 9]]]);
});

it('runs a failed batch again request by request: only the bad request fails', async () => {
  const log: number[][][] = [];
  const b = doubler(log);
  const results = await Promise.allSettled([b.add([1]), b.add([13]), b.add([2])]);
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([[2], '13 is bad', [4]]);
  expect(log).toEqual([[[1], [13], [2]], [[1]], [[13]], [[2]]]);
  await b.drain();
  expect(await b.add([7])).toEqual([14]);
});
