// Test helper (tests only): a small git repository for checkout, built with real git, whose
// history a stack trace can be blamed on. v1.3.0: the first commit (Ada) writes the four files of
// jsEvent()'s stack trace. v1.4.0 adds: Bo's commit changing line 12 of src/coupons.js (the line
// the TypeError is thrown on) and adding a use of applyCoupon; Cy's commit changing another line
// of src/pricing.js; Di's commit touching only the README.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const lines = (n: number, at: Record<number, string>) => Array.from({ length: n }, (_, i) => at[i + 1] ?? `// line ${i + 1}`).join('\n') + '\n';

export interface BlameRepo {
  dir: string;
  sha: Record<'ada' | 'bo' | 'cy' | 'di', string>;
}

export function buildBlameRepo(dir: string): BlameRepo {
  mkdirSync(join(dir, 'src'), { recursive: true });
  const git = (args: string[], who?: { name: string; date: string }) =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
      cwd: dir,
      env: { PATH: '/usr/bin:/bin:/usr/local/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LANG: 'C', ...(who ? { GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: `${who.name.toLowerCase()}@acme.example`, GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: `${who.name.toLowerCase()}@acme.example`, GIT_AUTHOR_DATE: who.date, GIT_COMMITTER_DATE: who.date } : {}) },
    }).toString().trim();
  const commit = (name: string, date: string, message: string, files: Record<string, string>) => {
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    git(['add', '-A']);
    git(['commit', '-q', '-m', message], { name, date });
    return git(['rev-parse', 'HEAD']);
  };
  git(['init', '-q', '-b', 'main']);
  const coupons = { 3: 'export function applyCoupon(order) {', 12: '  return order.total;', 19: '// nothing else' };
  const ada = commit('Ada', '2026-11-01T10:00:00Z', 'Start checkout', {
    'src/server.js': lines(50, { 40: '  handle(req);' }),
    'src/cart.js': lines(100, { 88: '  checkout(order);' }),
    'src/pricing.js': lines(30, { 21: '  priceOrder(order);' }),
    'src/coupons.js': lines(20, coupons),
    'README.md': '# checkout\n',
  });
  git(['tag', 'v1.3.0']);
  const bo = commit('Bo', '2026-11-20T10:00:00Z', 'Coupons: take the percent from the campaign', {
    'src/coupons.js': lines(20, { ...coupons, 12: '  return order.total * (1 - order.campaign.coupon.percent / 100);', 19: 'export const applyCouponOnce = (o) => applyCoupon(o);' }),
  });
  const cy = commit('Cy', '2026-11-21T10:00:00Z', 'Pricing: round to cents', { 'src/pricing.js': lines(30, { 5: '// round to cents', 21: '  priceOrder(order);' }) });
  const di = commit('Di', '2026-11-21T11:00:00Z', 'Docs: how to run', { 'README.md': '# checkout\n\nmake dev\n' });
  git(['tag', 'v1.4.0']);
  return { dir, sha: { ada, bo, cy, di } };
}
