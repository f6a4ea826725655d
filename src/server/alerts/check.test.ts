// The `alerts` check's config and its pure evaluation; the provider over a database with pages and
// rule files is tested in stats.system.test.ts. The demo's alert-hygiene scorecard uses valid checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertsCheckSchema, evaluateAlerts } from './check.ts';

const rule = (name: string, runbook: boolean, errors = 0) => ({ name, file: 'a.yaml', line: 3, runbook, errors, warnings: 0 });

describe('the alerts check', () => {
  it('takes exactly one rule per requirement', () => {
    expect(alertsCheckSchema.safeParse({ type: 'alerts', runbooks: {} }).success).toBe(true);
    expect(alertsCheckSchema.safeParse({ type: 'alerts', runbooks: {}, pagesPerWeek: { max: 5 } }).success).toBe(false);
    expect(alertsCheckSchema.safeParse({ type: 'alerts' }).success).toBe(false);
    expect(alertsCheckSchema.safeParse({ type: 'alerts', pagesPerWeek: { max: -1 } }).success).toBe(false);
  });

  it('judges runbooks, lint errors and pages per week', () => {
    const facts = { rules: [rule('A', true), rule('B', false, 2)], pages: 21, pageDays: 28 };
    expect(evaluateAlerts({ type: 'alerts', runbooks: {} }, facts)).toEqual({ state: 'fail', message: '1 of 2 alerting rule(s) have no runbook_url: B (a.yaml:3)' });
    expect(evaluateAlerts({ type: 'alerts', lintErrors: { max: 2 } }, facts).state).toBe('pass');
    expect(evaluateAlerts({ type: 'alerts', lintErrors: { max: 1 } }, facts).state).toBe('fail');
    expect(evaluateAlerts({ type: 'alerts', pagesPerWeek: { max: 5 } }, facts)).toEqual({ state: 'fail', message: '5.25 page(s) a week (21 in 28 days): more than 5' });
    expect(evaluateAlerts({ type: 'alerts', pagesPerWeek: { max: 5 } }, { rules: [], pages: 0, pageDays: 28 }).state).toBe('pass');
  });

  it("the demo's alert-hygiene scorecard uses valid checks", () => {
    const doc = parse(readFileSync(join(import.meta.dirname, '../../../examples/acme/extras/alert-hygiene.yaml'), 'utf8'));
    for (const r of doc.spec.requirements) expect(alertsCheckSchema.safeParse(r.check).success).toBe(true);
  });
});
