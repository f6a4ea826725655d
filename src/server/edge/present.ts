// A stored verdict as the API shows it, with its explanation in words: which signals moved the
// evidence, by how much, against which threshold.
import type { EdgeVerdictView } from '../../common/api/edge.ts';
import type { SignalTally, Verdict } from './engine.ts';
import type { EdgeVerdictRow } from './tables.ts';

const WORDS: Record<SignalTally['signal'], string> = {
  honeypot: 'followed a hidden honeypot link',
  cloudOrigin: 'came from a cloud or hosting range',
  osMismatch: 'TCP fingerprint contradicts the User-Agent\'s operating system',
  fastRequest: 'requests faster than people click',
  humanPace: 'requests at a human pace',
  regular: 'machine-regular intervals',
  checkoutWithoutBrowsing: 'went to cart or checkout without viewing a product',
  checkoutAfterBrowsing: 'checked out after browsing',
  assetFetch: 'loaded page assets like a browser',
  pageWithoutAssets: 'read pages without loading their styles and scripts',
};

const fmt = (n: number): string => (n >= 0 ? `+${n.toFixed(1)}` : n.toFixed(1));

export function explain(v: Pick<Verdict, 'verdict' | 'scope' | 'llr' | 'thresholds' | 'evidence' | 'requests' | 'addresses' | 'userAgents'>, seconds: number): string {
  const who = v.scope === 'fingerprint' ? 'This fingerprint' : 'This session';
  const bound = v.verdict === 'bot' ? `reached ${v.llr.toFixed(1)} ≥ ${v.thresholds.upper.toFixed(1)}, the bot threshold` : `fell to ${v.llr.toFixed(1)} ≤ ${v.thresholds.lower.toFixed(1)}, the human threshold`;
  const signals = v.evidence.map((e) => `${WORDS[e.signal]} ×${e.count} (${fmt(e.llr)})`).join('; ');
  return `${who} was judged ${v.verdict} after ${Math.round(seconds)} s and ${v.requests} requests from ${v.addresses} address(es) with ${v.userAgents} user agent(s): the evidence ${bound}. Evidence: ${signals || 'none'}.`;
}

export function verdictView(row: EdgeVerdictRow): EdgeVerdictView {
  const d = JSON.parse(row.detail) as Pick<Verdict, 'llr' | 'thresholds' | 'evidence' | 'samples' | 'requests' | 'addresses' | 'userAgents'>;
  const seconds = (Date.parse(row.decided_at) - Date.parse(row.first_seen_at)) / 1000;
  const scope = row.scope as Verdict['scope'];
  const verdict = row.verdict as Verdict['verdict'];
  return {
    id: row.id, edge: row.edge, subject: row.subject, scope, verdict, action: row.action as Verdict['action'], ja4: row.ja4, http: row.http, h2: row.h2,
    firstSeenAt: row.first_seen_at, decidedAt: row.decided_at, expiresAt: row.expires_at, secondsToVerdict: seconds,
    llr: d.llr, thresholds: d.thresholds, evidence: d.evidence, samples: d.samples, requests: d.requests, addresses: d.addresses, userAgents: d.userAgents,
    explanation: explain({ ...d, verdict, scope }, seconds),
  };
}
