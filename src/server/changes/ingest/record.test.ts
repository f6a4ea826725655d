// Tests of the change record itself (src/common/changes.ts), kept with the domain's tests.
import { describe, expect, it } from 'vitest';
import { changeBatchSchema, changeInputSchema, changePatchSchema, redactChange, validateChangeInput } from '../../../common/changes.ts';
import { zodProblems } from '../../platform/problems.ts';

const now = new Date('2024-05-01T12:00:00Z');
const minimal = { kind: 'deploy', summary: 'Deploy checkout', startedAt: '2024-05-01T11:00:00Z', entities: ['checkout'] };

describe('changeInputSchema', () => {
  it('normalises entity refs and applies defaults', () => {
    expect(changeInputSchema.parse(minimal)).toEqual({
      ...minimal,
      entities: ['component:default/checkout'],
      source: 'api',
      environment: 'production',
      status: 'succeeded',
      automated: false,
    });
  });

  it('refuses what clients may not send or get wrong, naming each field', () => {
    const r = changeInputSchema.safeParse({
      ...minimal,
      id: 'mine',
      unmapped: false,
      entities: ['checkout', 'a/b/c'],
      summary: 'x'.repeat(301),
      kind: 'rollout',
      source: 'webhook:Bad Name',
      startedAt: '2024-05-01 11:00',
      postmortemUrl: 'javascript:alert(1)',
      revert: { webhook: { url: 'https://x' }, action: 'both' },
    });
    const fields = zodProblems(r.error!).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['entities[1]', 'summary', 'kind', 'source', 'startedAt', 'postmortemUrl', 'revert']));
    expect(zodProblems(r.error!).map((p) => p.message).join(' ')).toMatch(/unrecognized key/i);
  });

  it('accepts both forms of revert action and webhook sources', () => {
    expect(changeInputSchema.safeParse({ ...minimal, source: 'webhook:argocd', revert: { action: 'github-redeploy', params: { repo: 'a/b' } } }).success).toBe(true);
    expect(changeInputSchema.safeParse({ ...minimal, revert: { webhook: { url: 'https://deploy/x', body: '{}', secret: 's' } } }).success).toBe(true);
  });

  it('limits batches', () => {
    expect(changeBatchSchema.safeParse({ changes: [] }).success).toBe(false);
    expect(changeBatchSchema.safeParse({ changes: Array(1001).fill(minimal) }).success).toBe(false);
  });
});

describe('changePatchSchema', () => {
  it('allows only the mutable fields, and at least one', () => {
    expect(changePatchSchema.safeParse({ status: 'failed', postmortemUrl: 'https://wiki/pm' }).success).toBe(true);
    expect(changePatchSchema.safeParse({}).success).toBe(false);
    expect(changePatchSchema.safeParse({ summary: 'rewrite history' }).success).toBe(false);
  });
});

describe('validateChangeInput', () => {
  const input = changeInputSchema.parse(minimal);
  it('refuses times more than a day in the future, with the reason', () => {
    const problems = validateChangeInput({ ...input, startedAt: '2024-05-03T00:00:00Z' }, now, 'changes[2].');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', field: 'changes[2].startedAt' });
    expect(problems[0].message).toContain('more than 1 day in the future');
    expect(validateChangeInput({ ...input, startedAt: '2024-05-02T11:00:00Z' }, now)).toEqual([]);
  });
  it('refuses finishedAt before startedAt and warns on a commit after the start', () => {
    const problems = validateChangeInput({ ...input, finishedAt: '2024-05-01T10:00:00Z', commitAt: '2024-05-01T11:30:00Z' }, now);
    expect(problems.map((p) => [p.field, p.severity])).toEqual([
      ['finishedAt', 'error'],
      ['commitAt', 'warning'],
    ]);
  });
});

describe('redactChange', () => {
  it('hides revert webhook secrets and header values', () => {
    const change = changeInputSchema.parse({ ...minimal, revert: { webhook: { url: 'https://d/x', headers: { Authorization: 'Bearer t' }, secret: 's' } } });
    expect(redactChange(change).revert).toEqual({ webhook: { method: 'POST', url: 'https://d/x', headers: { Authorization: '***' }, secret: '***' } });
    expect(change.revert).toMatchObject({ webhook: { secret: 's' } });
  });
});
