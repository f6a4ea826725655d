// bin/compiled.js decides whether `tally` runs the build (dist/server/main.cjs) or the sources:
// the build only while no source is newer than it, so an edit never runs stale code.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of bin/, without types
import { compiledIsFresh } from '../bin/compiled.js';

function tree(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'tally-build-'));
  for (const [file, secondsAgo] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(join(root, file), t, t);
  }
  return root;
}

describe('compiledIsFresh', () => {
  it('is false without a build', () => {
    expect(compiledIsFresh(tree({ 'src/server/main.ts': 10 }))).toBe(false);
  });
  it('is true when the build is newer than every source of the server and common', () => {
    expect(compiledIsFresh(tree({ 'src/server/main.ts': 100, 'src/common/refs.ts': 50, 'dist/server/main.cjs': 10 }))).toBe(true);
  });
  it('is false when a source was edited after the build, however deep', () => {
    expect(compiledIsFresh(tree({ 'src/server/a/b/c.ts': 5, 'dist/server/main.cjs': 10 }))).toBe(false);
    expect(compiledIsFresh(tree({ 'src/common/tier.ts': 5, 'dist/server/main.cjs': 10 }))).toBe(false);
  });
  it('ignores tests and the web UI, which are not in the build', () => {
    expect(compiledIsFresh(tree({ 'src/server/x.test.ts': 5, 'src/web/App.tsx': 5, 'dist/server/main.cjs': 10 }))).toBe(true);
  });
  it('ignores the test harness and domains\' test helpers, which are not in the build either', () => {
    expect(compiledIsFresh(tree({ 'src/server/testing/db.ts': 5, 'src/server/errors/testing.ts': 5, 'src/server/main.ts': 100, 'dist/server/main.cjs': 10 }))).toBe(true);
  });
  it('judges the edge-only program (dist/server/edge.cjs) by its own time', () => {
    const root = tree({ 'src/server/edge/proxy.ts': 50, 'dist/server/main.cjs': 10 });
    expect(compiledIsFresh(root, 'dist/server/edge.cjs')).toBe(false);
    expect(compiledIsFresh(tree({ 'src/server/edge/proxy.ts': 50, 'dist/server/main.cjs': 10, 'dist/server/edge.cjs': 100 }), 'dist/server/edge.cjs')).toBe(false);
    expect(compiledIsFresh(tree({ 'src/server/edge/proxy.ts': 50, 'dist/server/main.cjs': 10, 'dist/server/edge.cjs': 10 }), 'dist/server/edge.cjs')).toBe(true);
  });
  it('is true for an installed build without sources', () => {
    expect(compiledIsFresh(tree({ 'dist/server/main.cjs': 10 }))).toBe(true);
  });
});
