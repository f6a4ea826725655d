import { describe, expect, it } from 'vitest';
import { zodProblems } from '../platform/problems.ts';
import { changesConfigSchema } from './config.ts';

describe('changesConfigSchema', () => {
  it('fills defaults for an empty section', () => {
    expect(changesConfigSchema.parse({})).toMatchObject({ webhooks: {}, revertActions: {}, postmortemDays: 5, pagerduty: { routingKeys: {} } });
  });

  it('normalises routing-key entities and compiles webhook mappings', () => {
    const cfg = changesConfigSchema.parse({
      pagerduty: { routingKeys: { abc: ['checkout'] } },
      webhooks: { argocd: { mapping: { entities: '["checkout"]', kind: '"deploy"', summary: '"x"' } } },
    });
    expect(cfg.pagerduty.routingKeys.abc).toEqual(['component:default/checkout']);
    expect(typeof cfg.webhooks.argocd.mapping.summary?.program.run).toBe('function');
  });

  it('reports every fault with its path', () => {
    const r = changesConfigSchema.safeParse({
      github: { revertAction: 'github-redeploy' },
      webhooks: { argocd: { mapping: { entities: '[', kind: '"deploy"', summary: '"x"' } } },
      revertActions: { rollback: { type: 'webhook' } },
    });
    expect(r.success).toBe(false);
    const fields = zodProblems(r.error!, {}, 'changes').map((p) => p.field).sort();
    expect(fields).toEqual(['changes.revertActions.rollback.url', 'changes.webhooks.argocd.mapping.entities']);
  });

  it('requires the GitHub revert action to exist', () => {
    const r = changesConfigSchema.safeParse({ github: { revertAction: 'github-redeploy' } });
    expect(zodProblems(r.error!, {}, 'changes')[0]).toMatchObject({ field: 'changes.github.revertAction' });
  });
});
