// Issue 12 item 13 (server half), on the demo: every requirement says how to pass
// (`description`), and every result names what was observed or what is wrong — the edge and the
// rule, the cycle, the team, the fact — never a raw CEL expression.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { testHost } from '../testing/host.ts';
import { evaluateFiles, type OfflineResult } from '../scorecards/index.ts';
import { ensureDemoRepos } from './repos.ts';
import { ACME } from './testing.ts';

const NOW = new Date();
let results: OfflineResult[] = [];
const result = (name: string, id: string) => results.find((r) => r.entity === `component:default/${name}` && r.scorecard === 'production-readiness')!.requirements.find((q) => q.id === id)!;

beforeAll(async () => {
  await ensureDemoRepos(join(ACME, 'catalog'));
  const config = testHost.loadConfig(join(ACME, 'tally.yaml'), {});
  const paths = ['catalog/all.yaml', 'scorecards', 'facts'].map((p) => join(ACME, p));
  results = (await evaluateFiles(paths, testHost, { config, probe: false, now: NOW })).results;
}, 60_000);

describe('the demo scorecard explains every result', () => {
  it('says how to pass every requirement', () => {
    const docs = parse(readFileSync(join(ACME, 'scorecards/production-readiness.yaml'), 'utf8'));
    for (const r of docs.spec.requirements) expect(r.description, r.id).toMatch(/\S{3}/);
  });

  it('names the dependency edge and the rule, and the cycle', () => {
    expect(result('checkout', 'dependency-rules')).toMatchObject({ status: 'fail', message: 'checkout → recommendations breaks tier-1-not-on-tier-3' });
    expect(result('pricing', 'no-dependency-cycles')).toMatchObject({ status: 'fail', message: 'on the dependency cycle pricing → promotions → pricing' });
    expect(result('payments', 'no-dependency-cycles')).toMatchObject({ status: 'pass', message: 'on no dependency cycle' });
  });

  it('names the team and what it lacks', () => {
    expect(result('auth', 'oncall-rotation').message).toMatch(/^on-call rotation under 6 people: team-identity has 4 people on call \(.+\)$/);
    expect(result('payments', 'oncall-rotation').message).toMatch(/^team-payments has \d+ people on call/);
    expect(result('web-storefront', 'oncall-rotation').message).toBe('on-call rotation under 6 people: team-web has no tally.dev/oncall-rotation');
    expect(result('pricing', 'notification-channel').message).toBe('Tally cannot reach the owning team: team-catalog has neither tally.dev/slack-webhook nor tally.dev/webhook-url');
    expect(result('payments', 'owner').message).toBe('owned by team-payments');
  });

  it('names the fact and when it was observed', () => {
    expect(result('audit-log', 'backups-restored').message).toMatch(/^the last restore test failed: backup-restored reported on \d{4}-\d\d-\d\d: ok false, error "restore stopped/);
    expect(result('payments', 'backups-restored').message).toMatch(/^backup-restored reported on \d{4}-\d\d-\d\d: ok true/);
  });

  it('never shows a raw expression', () => {
    const raw = /==|!=|\.size\(\)|orValue|expression is (true|false)|stats\.|graph\./;
    const offenders = results.flatMap((r) => r.requirements.filter((q) => raw.test(q.message)).map((q) => `${r.entity} ${q.id}: ${q.message}`));
    expect(offenders).toEqual([]);
  });
});
