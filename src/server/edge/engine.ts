// The edge's judgement, in memory: evidence per fingerprint (JA4 · HTTP · HTTP/2) and per session,
// Wald's SPRT over it, verdicts (kept with their evidence, handed to `onVerdict` to be stored),
// bans with expiry and the action for each request. Pure apart from the injected clock values:
// the proxy, the nginx decision endpoint and the simulation all call `decide`.
import type { EdgeSpec } from './document.ts';
import { RangeTable, parseCidr } from './ranges.ts';
import { sprtOutcome, thresholds, type Thresholds } from './sprt.ts';
import { claimedOs } from './fingerprint/http.ts';

export type Action = 'allow' | 'throttle' | 'shadow' | 'tarpit' | 'maze';
export type Signal = 'honeypot' | 'cloudOrigin' | 'osMismatch' | 'fastRequest' | 'humanPace' | 'regular' | 'checkoutWithoutBrowsing' | 'checkoutAfterBrowsing' | 'assetFetch' | 'pageWithoutAssets';
export type Scope = 'fingerprint' | 'session';

export interface RequestFacts {
  ip: string;
  method: string;
  path: string;
  userAgent?: string;
  ja4?: string;
  http: string;
  h2?: string;
  /** The session cookie's value, when the client sent one. */
  session?: string;
  /** The operating system p0f saw in the TCP SYN. */
  tcpOs?: string;
  /** Milliseconds since the epoch. */
  now: number;
}

export interface SignalTally {
  signal: Signal;
  count: number;
  /** The sum of this signal's log-likelihood ratios. */
  llr: number;
}

export interface Verdict {
  key: string;
  scope: Scope;
  ja4: string | null;
  http: string;
  h2: string | null;
  verdict: 'bot' | 'human';
  action: Action;
  llr: number;
  thresholds: Thresholds;
  evidence: SignalTally[];
  /** The last observations: when, what, where from. */
  samples: { at: string; signal: Signal; path: string; ip: string; detail?: string }[];
  requests: number;
  addresses: number;
  userAgents: number;
  firstSeenAt: string;
  decidedAt: string;
  expiresAt: string | null;
}

export interface Decision {
  action: Action;
  /** The subject whose ban or evidence chose the action. */
  key?: string;
  delayMs?: number;
}

interface Subject {
  key: string;
  scope: Scope;
  ja4?: string;
  http: string;
  h2?: string;
  firstSeen: number;
  last: number;
  llr: number;
  tallies: Map<Signal, SignalTally>;
  samples: Sample[];
  requests: number;
  addresses: Set<string>;
  userAgents: Set<string>;
  gaps: number[];
  browsed: boolean;
  pages: number;
  assets: number;
  honeypot: boolean;
  sawOrigin: boolean;
  /** The TCP fingerprint's system has been compared with the User-Agent's (once p0f knew it). */
  sawOs: boolean;
  tokens: number;
  tokensAt: number;
}

interface Sample {
  at: number;
  signal: Signal;
  path: string;
  ip: string;
  detail?: string;
}

interface Ban {
  action: Action;
  until: number;
}

const MAX_SUBJECTS = 200_000;
const MAX_SAMPLES = 20;
const MAX_SET = 50;
const REGULARITY_WINDOW = 8;

export interface EngineCounters {
  decisions: Record<Action, number>;
  verdicts: { bot: number; human: number };
  /** Seconds from a subject's first request to its verdict. */
  verdictSeconds: number[];
  failOpen: number;
}

/** What p0f may call the system a User-Agent claims (Android's SYN looks like Linux's, iOS's like macOS's). */
const OS_NAMES: Record<NonNullable<ReturnType<typeof claimedOs>>, string[]> = { windows: ['windows'], mac: ['mac'], linux: ['linux'], android: ['android', 'linux'], ios: ['ios', 'mac'] };

export const fingerprintKey = (f: Pick<RequestFacts, 'ja4' | 'http' | 'h2'>): string => `${f.ja4 ?? '-'}|${f.http}|${f.h2 ?? '-'}`;

/** A page prefix (`/product`) as matched: the path itself, below it (`/product/…`) or with a query. */
interface Prefix {
  exact: string;
  below: string;
  query: string;
}
const prefixes = (list: readonly string[]): Prefix[] => list.map((p) => ({ exact: p, below: p.endsWith('/') ? p : `${p}/`, query: `${p}?` }));
const startsWithAny = (path: string, list: readonly Prefix[]): boolean => {
  for (const p of list) if (path === p.exact || path.startsWith(p.below) || path.startsWith(p.query)) return true;
  return false;
};

export class EdgeEngine {
  readonly thresholds: Thresholds;
  readonly counters: EngineCounters = { decisions: { allow: 0, throttle: 0, shadow: 0, tarpit: 0, maze: 0 }, verdicts: { bot: 0, human: 0 }, verdictSeconds: [], failOpen: 0 };
  private readonly subjects = new Map<string, Subject>();
  private readonly bans = new Map<string, Ban>();
  private readonly trusted = new RangeTable();
  private readonly pages: { product: Prefix[]; checkout: Prefix[]; assets: Prefix[] };

  constructor(
    private readonly spec: EdgeSpec,
    private readonly ranges: RangeTable,
    private readonly onVerdict: (v: Verdict) => void = () => {},
  ) {
    this.thresholds = thresholds(spec.verdict.falsePositiveRate, spec.verdict.falseNegativeRate);
    for (const c of spec.trustedCidrs) this.trusted.add(parseCidr(c)!, 'trusted');
    this.pages = { product: prefixes(spec.pages.product), checkout: prefixes(spec.pages.checkout), assets: prefixes(spec.pages.assets) };
  }

  /** Bans read back from the store at start, so a restart keeps them. */
  restoreBans(bans: readonly { key: string; action: Action; expiresAt: string | null }[], now: number): void {
    for (const b of bans) {
      const until = b.expiresAt ? Date.parse(b.expiresAt) : Infinity;
      if (until > now) this.bans.set(b.key, { action: b.action, until });
    }
  }

  activeBans(now: number): { key: string; action: Action; expiresAt: string }[] {
    const out: { key: string; action: Action; expiresAt: string }[] = [];
    for (const [key, b] of this.bans) if (b.until > now) out.push({ key, action: b.action, expiresAt: new Date(b.until).toISOString() });
    return out;
  }

  /** The action for one request; any failure of the engine itself allows it (fail open, counted). */
  decide(f: RequestFacts): Decision {
    let d: Decision;
    try {
      d = this.judge(f);
    } catch {
      this.counters.failOpen++;
      d = { action: 'allow' };
    }
    this.counters.decisions[d.action]++;
    return d;
  }

  isHoneypot(path: string): boolean {
    return path.startsWith(this.spec.honeypot.pathPrefix);
  }

  private judge(f: RequestFacts): Decision {
    if (this.trusted.lookup(f.ip)) return { action: 'allow' };
    const fpKey = fingerprintKey(f);
    const sessionKey = f.session ? `s:${f.session}` : `a:${fpKey}@${f.ip}`;
    const fp = this.subject(fpKey, 'fingerprint', f);
    const session = this.subject(sessionKey, 'session', f);
    const honeypot = this.isHoneypot(f.path);

    const ban = this.activeBan(sessionKey, f.now) ?? this.activeBan(fpKey, f.now);
    this.observe(f, fp, session);
    if (honeypot) return { action: 'maze', key: sessionKey };
    if (ban) return { action: ban.action, key: ban.key };

    for (const s of [session, fp]) {
      const outcome = this.outcome(s, f.now);
      if (outcome === 'bot') {
        const action = s.honeypot ? this.spec.actions.onHoneypotBot : this.spec.actions.onBot;
        this.bans.set(s.key, { action, until: f.now + this.spec.verdict.banMinutes * 60_000 });
        this.record(s, 'bot', action, f.now);
        return { action, key: s.key };
      }
      if (outcome === 'human') {
        this.record(s, 'human', 'allow', f.now);
        this.restart(s, f.now);
      }
    }
    const worst = session.llr >= fp.llr ? session : fp;
    if (worst.llr >= this.spec.verdict.throttleAt * this.thresholds.upper) {
      // The bucket of the subject under suspicion: a fingerprint rotating addresses shares one.
      const delayMs = this.throttleDelay(worst, f.now);
      if (delayMs > 0) return { action: 'throttle', key: worst.key, delayMs };
    }
    return { action: 'allow' };
  }

  private activeBan(key: string, now: number): (Ban & { key: string }) | undefined {
    const b = this.bans.get(key);
    if (!b) return undefined;
    if (b.until > now) return { ...b, key };
    this.bans.delete(key);
    return undefined;
  }

  private subject(key: string, scope: Scope, f: RequestFacts): Subject {
    let s = this.subjects.get(key);
    if (s) {
      this.subjects.delete(key);
    } else {
      s = {
        key, scope, ja4: f.ja4, http: f.http, h2: f.h2, firstSeen: f.now, last: 0, llr: 0, tallies: new Map(), samples: [], requests: 0,
        addresses: new Set(), userAgents: new Set(), gaps: [], browsed: false, pages: 0, assets: 0, honeypot: false, sawOrigin: false, sawOs: false, tokens: this.spec.throttle.requestsPerSecond, tokensAt: f.now,
      };
      if (this.subjects.size >= MAX_SUBJECTS) this.subjects.delete(this.subjects.keys().next().value!);
    }
    this.subjects.set(key, s);
    return s;
  }

  private add(s: Subject, signal: Signal, f: RequestFacts, detail?: string): void {
    const ratio = this.spec.signals[signal];
    const llr = Math.log(ratio);
    s.llr += llr;
    const t = s.tallies.get(signal) ?? { signal, count: 0, llr: 0 };
    t.count++;
    t.llr += llr;
    s.tallies.set(signal, t);
    s.samples.push({ at: f.now, signal, path: f.path, ip: f.ip, detail });
    if (s.samples.length > MAX_SAMPLES) s.samples.shift();
    if (signal === 'honeypot') s.honeypot = true;
  }

  /** The signals of one request, added to the session and (all but the pace ones) to the fingerprint. */
  private observe(f: RequestFacts, fp: Subject, session: Subject): void {
    const both = (signal: Signal, detail?: string) => {
      this.add(session, signal, f, detail);
      this.add(fp, signal, f, detail);
    };
    for (const s of [fp, session]) {
      s.requests++;
      if (s.addresses.size < MAX_SET) s.addresses.add(f.ip);
      if (f.userAgent && s.userAgents.size < MAX_SET) s.userAgents.add(f.userAgent.slice(0, 300));
    }
    if (!session.sawOrigin) {
      session.sawOrigin = true;
      const provider = this.ranges.lookup(f.ip);
      if (provider) both('cloudOrigin', provider);
    }
    // p0f may answer late (it sniffs asynchronously): compared on the first request it has answered.
    if (!session.sawOs && f.tcpOs) {
      session.sawOs = true;
      const claimed = claimedOs(f.userAgent);
      if (claimed && !OS_NAMES[claimed].some((n) => f.tcpOs!.toLowerCase().includes(n))) both('osMismatch', `TCP ${f.tcpOs}, User-Agent ${claimed}`);
    }
    const q = f.path.indexOf('?');
    const path = q < 0 ? f.path : f.path.slice(0, q);
    if (this.isHoneypot(path)) both('honeypot');
    else if (startsWithAny(path, this.pages.assets)) {
      session.assets++;
      both('assetFetch');
    } else if (startsWithAny(path, this.pages.checkout)) both(session.browsed ? 'checkoutAfterBrowsing' : 'checkoutWithoutBrowsing');
    else if (f.method === 'GET') {
      if (startsWithAny(path, this.pages.product)) session.browsed = true;
      // Browsers load a page's styles and scripts; a client that reads page after page without them is not one.
      if (++session.pages >= 3 && session.assets === 0) this.add(session, 'pageWithoutAssets', f);
    }

    if (session.last > 0) {
      const gap = f.now - session.last;
      this.add(session, gap < this.spec.signals.fastGapMs ? 'fastRequest' : 'humanPace', f);
      session.gaps.push(gap);
      if (session.gaps.length >= REGULARITY_WINDOW) {
        const mean = session.gaps.reduce((a, b) => a + b, 0) / session.gaps.length;
        const sd = Math.sqrt(session.gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / session.gaps.length);
        if (mean > 0 && sd / mean < 0.15) this.add(session, 'regular', f, `gaps ${Math.round(mean)} ms ± ${Math.round(sd)}`);
        session.gaps = [];
      }
    }
    session.last = f.now;
    fp.last = f.now;
  }

  private outcome(s: Subject, now: number): 'bot' | 'human' | 'continue' {
    if (now - s.firstSeen < this.spec.verdict.minObserveSeconds * 1000) return 'continue';
    const o = sprtOutcome(s.llr, this.thresholds);
    // A honeypot hit is strong evidence but never a ban by itself: some other signal must agree.
    if (o === 'bot' && s.honeypot && s.llr - (s.tallies.get('honeypot')?.llr ?? 0) <= 0) return 'continue';
    return o;
  }

  private restart(s: Subject, now: number): void {
    s.llr = 0;
    s.tallies.clear();
    s.samples = [];
    s.firstSeen = now;
    s.honeypot = false;
  }

  private throttleDelay(s: Subject, now: number): number {
    const rps = this.spec.throttle.requestsPerSecond;
    s.tokens = Math.min(rps, s.tokens + ((now - s.tokensAt) / 1000) * rps);
    s.tokensAt = now;
    s.tokens -= 1;
    if (s.tokens >= 0) return 0;
    return Math.min(this.spec.throttle.maxDelayMs, Math.ceil((-s.tokens / rps) * 1000));
  }

  private record(s: Subject, verdict: 'bot' | 'human', action: Action, now: number): void {
    this.counters.verdicts[verdict]++;
    const seconds = (now - s.firstSeen) / 1000;
    if (this.counters.verdictSeconds.length < 100_000) this.counters.verdictSeconds.push(seconds);
    this.onVerdict({
      key: s.key, scope: s.scope, ja4: s.ja4 ?? null, http: s.http, h2: s.h2 ?? null, verdict, action, llr: s.llr, thresholds: this.thresholds,
      evidence: [...s.tallies.values()].sort((a, b) => b.llr - a.llr).map((t) => ({ ...t })), samples: s.samples.map((x) => ({ at: new Date(x.at).toISOString(), signal: x.signal, path: x.path.slice(0, 200), ip: x.ip, ...(x.detail ? { detail: x.detail } : {}) })), requests: s.requests,
      addresses: s.addresses.size, userAgents: s.userAgents.size, firstSeenAt: new Date(s.firstSeen).toISOString(), decidedAt: new Date(now).toISOString(),
      expiresAt: verdict === 'bot' ? new Date(now + this.spec.verdict.banMinutes * 60_000).toISOString() : null,
    });
  }
}
