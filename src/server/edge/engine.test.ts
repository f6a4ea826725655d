// The edge's judgement on scripted request sequences: a checkout bot is banned only after the
// observation window, with its evidence; a browsing human is judged human; a honeypot hit alone
// bans nobody; trusted ranges are never acted on; bans expire; Wald's thresholds follow α and β.
import { describe, expect, it } from 'vitest';
import { edgeSpecSchema } from './document.ts';
import { EdgeEngine, fingerprintKey, type RequestFacts, type Verdict } from './engine.ts';
import { RangeTable, parseCidr } from './ranges.ts';
import { thresholds } from './sprt.ts';

const spec = (over: Record<string, unknown> = {}) => edgeSpecSchema.parse({ upstream: 'http://127.0.0.1:1', verdict: { minObserveSeconds: 60 }, ...over });
const T0 = Date.parse('2026-12-03T12:00:00Z');

function setup(over: Record<string, unknown> = {}) {
  const verdicts: Verdict[] = [];
  const ranges = new RangeTable();
  ranges.add(parseCidr('203.0.113.0/24')!, 'examplecloud');
  return { engine: new EdgeEngine(spec(over), ranges, (v) => verdicts.push(v)), verdicts };
}

const bot = (i: number, t: number): RequestFacts => ({ ip: `203.0.113.${i % 200}`, method: 'POST', path: '/checkout', userAgent: `UA-${i}`, ja4: 't13i0301h1_aaaaaaaaaaaa_bbbbbbbbbbbb', http: 'h11-11111111-22222222', now: t });
const human = (t: number, path: string): RequestFacts => ({ ip: '198.51.100.7', method: 'GET', path, userAgent: 'Mozilla/5.0 (Windows NT 10.0)', ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1', http: 'h20-33333333-44444444', h2: 'x', session: 'abc', now: t });

describe('EdgeEngine', () => {
  it('Wald thresholds from α and β', () => {
    const t = thresholds(0.001, 0.05);
    expect(t.upper).toBeCloseTo(Math.log(0.95 / 0.001), 10);
    expect(t.lower).toBeCloseTo(Math.log(0.05 / 0.999), 10);
  });

  it('a rotating-IP checkout bot: evidence for a minute, then a ban on its fingerprint, explained', () => {
    const { engine, verdicts } = setup();
    const actions: string[] = [];
    for (let i = 0; i < 200; i++) actions.push(engine.decide(bot(i, T0 + i * 500)).action);
    const first = actions.findIndex((a) => a === 'shadow');
    expect(first).toBeGreaterThanOrEqual(120); // not before 60 s of evidence
    expect(actions.slice(first).every((a) => a === 'shadow')).toBe(true);
    const v = verdicts.find((x) => x.verdict === 'bot')!;
    expect(v.scope).toBe('fingerprint');
    expect(v.key).toBe(fingerprintKey(bot(0, 0)));
    expect(v.llr).toBeGreaterThanOrEqual(engine.thresholds.upper);
    expect(v.evidence.map((e) => e.signal)).toEqual(expect.arrayContaining(['checkoutWithoutBrowsing', 'cloudOrigin']));
    expect(v.addresses).toBe(50); // distinct addresses are counted up to 50
    expect(Date.parse(v.expiresAt!) - Date.parse(v.decidedAt)).toBe(60 * 60_000);
  });

  it('a browsing human who buys is judged human and never throttled', () => {
    const { engine, verdicts } = setup();
    const paths = ['/', '/static/app.css', '/static/app.js', '/product/42', '/static/img.png', '/product/43', '/cart', '/checkout'];
    for (let i = 0; i < 80; i++) expect(engine.decide(human(T0 + i * 3_000, paths[i % paths.length]!)).action).toBe('allow');
    expect(verdicts.filter((v) => v.verdict === 'bot')).toEqual([]);
    expect(verdicts.some((v) => v.verdict === 'human')).toBe(true);
  });

  it('a honeypot hit answers with the maze but bans nobody by itself', () => {
    const { engine, verdicts } = setup({ verdict: { minObserveSeconds: 0 } });
    expect(engine.decide(human(T0, '/promo/abc')).action).toBe('maze');
    expect(engine.decide(human(T0 + 5_000, '/product/1')).action).toBe('allow');
    expect(verdicts.filter((v) => v.verdict === 'bot')).toEqual([]);
  });

  it('trusted ranges are never acted on; bans expire', () => {
    const { engine } = setup({ trustedCidrs: ['203.0.113.0/24'] });
    for (let i = 0; i < 200; i++) expect(engine.decide(bot(i, T0 + i * 500)).action).toBe('allow');
    const other = setup({ verdict: { minObserveSeconds: 0, banMinutes: 1 } });
    let t = T0;
    while (other.engine.decide(bot(1, t)).action !== 'shadow') t += 500;
    expect(other.engine.decide({ ...bot(1, t + 30_000), path: '/' }).action).toBe('shadow');
    expect(other.engine.activeBans(t + 30_000)).toHaveLength(1);
    expect(other.engine.activeBans(t + 61_000)).toHaveLength(0);
  });

  it('a bot that also walked into the honeypot is tarpitted', () => {
    const { engine } = setup({ verdict: { minObserveSeconds: 0 } });
    engine.decide({ ...bot(1, T0), path: '/promo/x' });
    let d;
    for (let i = 1; i < 50 && d?.action !== 'tarpit'; i++) d = engine.decide(bot(1, T0 + i * 100));
    expect(d?.action).toBe('tarpit');
  });
});
