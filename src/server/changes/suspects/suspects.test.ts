import { describe, expect, it } from 'vitest';
import { rankSuspects } from './suspects.ts';
import { makeChange } from '../testing.ts';

const at = new Date('2024-05-01T12:00:00Z');
const WINDOW = 4 * 3600_000;
const checkout = 'component:default/checkout';
const payments = 'component:default/payments';

describe('rankSuspects', () => {
  it('ranks a same-service deploy 5 minutes before above a dependency config change 90 minutes before', () => {
    const deploy = makeChange({ kind: 'deploy', startedAt: '2024-05-01T11:52:00Z', finishedAt: '2024-05-01T11:55:00Z' });
    const config = makeChange({ kind: 'config', entities: [payments], startedAt: '2024-05-01T10:30:00Z' });
    const ranked = rankSuspects([{ change: config, distance: 1, entity: payments }, { change: deploy, distance: 0, entity: checkout }], at, WINDOW);
    expect(ranked.map((s) => s.change.id)).toEqual([deploy.id, config.id]);
    // The worked example in docs/changes.md.
    expect(ranked.map((s) => s.score)).toEqual([47, 6]);
    expect(ranked[0].reasons).toEqual(['5 min before the problem', 'on checkout itself']);
    expect(ranked[1].reasons).toEqual(['90 min before the problem', 'on payments, a direct dependency']);
  });

  it('ranks a failed change above a succeeded one, all else equal', () => {
    const ok = makeChange({ startedAt: '2024-05-01T11:40:00Z' });
    const failed = makeChange({ startedAt: '2024-05-01T11:40:00Z', status: 'failed' });
    const ranked = rankSuspects([{ change: ok, distance: 0 }, { change: failed, distance: 0 }], at, WINDOW);
    expect(ranked[0].change.id).toBe(failed.id);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
    expect(ranked[0].reasons).toContain('failed deploy');
  });

  it('leaves out changes before the window and changes that started after the problem', () => {
    const old = makeChange({ startedAt: '2024-05-01T07:00:00Z', finishedAt: '2024-05-01T07:10:00Z' });
    const later = makeChange({ startedAt: '2024-05-01T12:05:00Z' });
    const inside = makeChange({ startedAt: '2024-05-01T11:00:00Z' });
    const ranked = rankSuspects([old, later, inside].map((change) => ({ change, distance: 0 })), at, WINDOW);
    expect(ranked.map((s) => s.change.id)).toEqual([inside.id]);
  });

  it('keeps a long change still in progress, started before the window, as happening now', () => {
    const migration = makeChange({ kind: 'db-migration', startedAt: '2024-05-01T06:00:00Z', status: 'in-progress' });
    const [s] = rankSuspects([{ change: migration, distance: 0 }], at, WINDOW);
    expect(s.reasons[0]).toBe('in progress when the problem began');
    expect(s.score).toBe(Math.round((100 * 0.9 * 1.2) / 1.95));
  });

  it('counts from when a change finished, and raises changes touching many services', () => {
    const one = makeChange({ startedAt: '2024-05-01T11:00:00Z', finishedAt: '2024-05-01T11:50:00Z' });
    const wide = makeChange({ ...one, id: 'wide', entities: [checkout, payments, 'component:default/ledger', 'component:default/search'] });
    const ranked = rankSuspects([{ change: one, distance: 0 }, { change: wide, distance: 0 }], at, WINDOW);
    expect(ranked[0].change.id).toBe('wide');
    expect(ranked[0].reasons).toEqual(['10 min before the problem', 'on the affected service itself', 'touches 4 services']);
  });

  it('weighs distance down', () => {
    const c = makeChange({ startedAt: '2024-05-01T11:55:00Z' });
    const scores = [0, 1, 2, 3, 6].map((distance) => rankSuspects([{ change: c, distance }], at, WINDOW)[0].score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(scores).size).toBe(5);
  });
});
