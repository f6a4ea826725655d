// Frame paths to repository files, and the ranking of commits by git's evidence.
import { describe, expect, it } from 'vitest';
import { cleanFramePath, indexByBasename, mapToRepoFile, rankCommits } from './rank.ts';

describe('errors: blame ranking', () => {
  const files = indexByBasename(['src/coupons.js', 'services/checkout/src/cart.js', 'services/web/src/cart.js', 'README.md']);

  it('maps frame paths of every shape to the tracked file sharing the most trailing segments', () => {
    expect(cleanFramePath('app:///src/coupons.js?v=3')).toBe('src/coupons.js');
    expect(cleanFramePath('webpack://shop/./src/coupons.js')).toBe('src/coupons.js');
    expect(mapToRepoFile('/srv/checkout/src/coupons.js', files)).toBe('src/coupons.js');
    expect(mapToRepoFile('/app/services/web/src/cart.js', files)).toBe('services/web/src/cart.js');
    // Equal evidence: the service's own folder of a monorepo wins.
    expect(mapToRepoFile('src/cart.js', files, 'services/web')).toBe('services/web/src/cart.js');
    expect(mapToRepoFile('src/cart.js', files, 'services/checkout')).toBe('services/checkout/src/cart.js');
    expect(mapToRepoFile('node:internal/process/task_queues', files)).toBeUndefined();
  });

  it('ranks a line changed in this release above old lines, functions and files, each reason said once', () => {
    const ranked = rankCommits({
      blamed: [
        { sha: 'old', file: 'a.js', line: 1 },
        { sha: 'old', file: 'b.js', line: 2 },
        { sha: 'new', file: 'c.js', line: 12, fn: 'apply' },
        { sha: 'new', file: 'c.js', line: 12, fn: 'apply' },
      ],
      pickaxe: [{ sha: 'fn', fn: 'apply' }],
      touched: [{ sha: 'new', file: 'c.js' }, { sha: 'file', file: 'c.js' }],
      inRelease: new Set(['new', 'fn', 'file']),
    });
    expect(ranked.map((r) => [r.sha, r.score])).toEqual([['new', 6], ['fn', 2], ['old', 2], ['file', 1]]);
    expect(ranked[0]!.reasons).toEqual(['last changed line 12 of c.js (apply), which the stack trace runs through, in this release', 'changed c.js, a file of the stack trace, in this release']);
    expect(ranked.find((r) => r.sha === 'old')!.inRelease).toBe(false);
  });
});
