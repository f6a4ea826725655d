import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../checks/index.ts';
import { resolveState, scoreEntity, pointsFor, type ResultState, type Waiver } from './scoring.ts';
import { NOW, req, scorecard } from '../testing.ts';

const results = (states: Record<string, ResultState>) => Object.entries(states).map(([id, state]) => ({ id, state }));

describe('scoreEntity', () => {
  const sc = scorecard({ requirements: [req('a', 5), req('b', 3), req('c', 2)] });

  it('pass 1, warn warnCredit, fail/error/stale 0', () => {
    expect(scoreEntity(results({ a: 'pass', b: 'warn', c: 'fail' }), sc).score).toBe(65); // (5 + 1.5) / 10
    expect(scoreEntity(results({ a: 'pass', b: 'error', c: 'stale' }), sc).score).toBe(50);
    const sc75 = scorecard({ warnCredit: 0.75, requirements: [req('a', 5), req('b', 3), req('c', 2)] });
    expect(scoreEntity(results({ a: 'pass', b: 'warn', c: 'fail' }), sc75).score).toBe(72.5);
  });

  it('n/a and exempt leave both sums', () => {
    const s = scoreEntity(results({ a: 'pass', b: 'n/a', c: 'exempt' }), sc);
    expect(s).toMatchObject({ score: 100, grade: 'A+', counted: 1 });
  });

  it('no counted requirement → no score, no grade', () => {
    expect(scoreEntity(results({ a: 'n/a', b: 'exempt', c: 'n/a' }), sc)).toMatchObject({ score: null, grade: null, counted: 0 });
  });

  it('grade is the highest band reached; bands compare the rounded score', () => {
    expect(scoreEntity(results({ a: 'pass', b: 'pass', c: 'fail' }), sc)).toMatchObject({ score: 80, grade: 'B', nextGrade: 'A', pointsMissingToNextGrade: 10 });
    const thirds = scorecard({ requirements: [req('a', 1), req('b', 1), req('c', 1)] });
    expect(scoreEntity(results({ a: 'pass', b: 'pass', c: 'fail' }), thirds)).toMatchObject({ score: 66.67, grade: 'D' });
  });

  it('a failing gated requirement caps the grade; several gates → the lowest', () => {
    const gated = scorecard({ requirements: [req('a', 90), req('owner', 5, { gate: 'C' }), req('oncall', 5, { gate: 'D' })] });
    expect(scoreEntity(results({ a: 'pass', owner: 'fail', oncall: 'pass' }), gated)).toMatchObject({ score: 95, bandGrade: 'A', grade: 'C', cappedBy: ['owner'] });
    expect(scoreEntity(results({ a: 'pass', owner: 'fail', oncall: 'error' }), gated)).toMatchObject({ grade: 'D', cappedBy: ['oncall', 'owner'], nextGrade: 'C', pointsMissingToNextGrade: 0 });
    expect(scoreEntity(results({ a: 'pass', owner: 'warn', oncall: 'pass' }), gated).grade).toBe('A+'); // 97.5; a warn does not trigger the gate
  });

  it('a gate above the band grade does not cap', () => {
    const gated = scorecard({ requirements: [req('a', 1), req('g', 1, { gate: 'B' })] });
    expect(scoreEntity(results({ a: 'fail', g: 'fail' }), gated)).toMatchObject({ grade: 'F', cappedBy: [] });
  });

  it('the worked example of docs/scorecards.md', () => {
    const doc = scorecard({
      requirements: [req('owner', 10, { gate: 'D' }), req('no-cycles', 8, { gate: 'C' }), req('backups', 8), req('drill', 4), req('tier', 3), req('status', 5)],
    });
    const s = scoreEntity(results({ owner: 'pass', 'no-cycles': 'fail', backups: 'warn', drill: 'stale', tier: 'exempt', status: 'n/a' }), doc);
    expect(s).toMatchObject({ score: 46.67, grade: 'F', counted: 4 });
  });

  it('a graced warn counts as a pass', () => {
    expect(pointsFor('warn', 0.5, true)).toBe(1);
    expect(scoreEntity([{ id: 'a', state: 'warn', graced: true }, ...results({ b: 'pass', c: 'pass' })], sc).score).toBe(100);
  });
});

describe('resolveState', () => {
  const fail: Outcome = { state: 'fail', message: 'no runbook' };
  const waiver = (over: Partial<Waiver> = {}): Waiver => ({ entityRef: 'component:default/a', scorecard: 'prod', requirement: 'x', approved: true, expiresAt: '2025-07-01T00:00:00Z', by: 'sre', ...over });

  it('keeps pass, fail, warn, error and n/a without modifiers', () => {
    for (const state of ['pass', 'fail', 'warn', 'error', 'n/a'] as const) expect(resolveState({ state, message: 'm' }, {}, { now: NOW }).state).toBe(state);
  });

  it('an approved, unexpired waiver exempts; expired, unapproved or not needed do not', () => {
    expect(resolveState(fail, {}, { now: NOW, waiver: waiver() })).toMatchObject({ state: 'exempt', message: expect.stringContaining('waived by sre until 2025-07-01') });
    expect(resolveState(fail, {}, { now: NOW, waiver: waiver({ expiresAt: '2025-06-01T00:00:00Z' }) }).state).toBe('fail');
    expect(resolveState(fail, {}, { now: NOW, waiver: waiver({ approved: false }) }).state).toBe('fail');
    expect(resolveState({ state: 'pass', message: 'ok' }, {}, { now: NOW, waiver: waiver() }).state).toBe('pass');
  });

  it('before enforceFrom a failure is a graced warn; after it, a fail', () => {
    const r = { enforceFrom: '2025-07-01T00:00:00Z' };
    expect(resolveState(fail, r, { now: NOW })).toEqual({ state: 'warn', graced: true, message: 'not enforced until 2025-07-01: no runbook', evidence: undefined, observedAt: undefined });
    expect(resolveState(fail, r, { now: new Date('2025-07-02T00:00:00Z') }).state).toBe('fail');
    expect(resolveState({ state: 'error', message: 'boom' }, r, { now: NOW }).state).toBe('error');
  });

  it('facts older than freshness are stale', () => {
    const pass: Outcome = { state: 'pass', message: 'restored', observedAt: '2025-05-01T00:00:00Z' };
    expect(resolveState(pass, { freshness: '30d' }, { now: NOW })).toMatchObject({ state: 'stale', message: 'last observed 2025-05-01, older than 30d' });
    expect(resolveState(pass, { freshness: 'P60D' }, { now: NOW }).state).toBe('pass');
    expect(resolveState({ ...pass, observedAt: undefined }, { freshness: '30d' }, { now: NOW }).state).toBe('pass');
  });
});
