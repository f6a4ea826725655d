// The Edge document: defaults filled in; a bad CIDR, rate, threshold or URL refused naming the
// field; a file that cannot be read named.
import { describe, expect, it } from 'vitest';
import { InputError } from '../platform/problems.ts';
import { loadEdgeDocument, parseEdgeDocument } from './document.ts';

const doc = (spec: string) => `apiVersion: tally.dev/v1\nkind: Edge\nmetadata: { name: shop }\nspec:\n  upstream: http://127.0.0.1:8080\n${spec}`;

function fields(text: string): string[] {
  try {
    parseEdgeDocument(text, 'edge.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems.map((p) => p.field ?? '');
  }
  throw new Error('accepted');
}

describe('Edge document', () => {
  it('fills in the defaults', () => {
    const d = parseEdgeDocument(doc(''));
    expect(d.spec.verdict).toMatchObject({ falsePositiveRate: 0.001, falseNegativeRate: 0.05, minObserveSeconds: 120, banMinutes: 60 });
    expect(d.spec.tarpit.maxSockets).toBe(2000);
    expect(d.spec.listen).toEqual({ host: '127.0.0.1', port: 8443 });
  });

  it('refuses a bad CIDR, rate or threshold naming the field', () => {
    expect(fields(doc('  trustedCidrs: [10.0.0.0/8, 10.0.0.300/24]\n'))).toEqual(['spec.trustedCidrs[1]']);
    expect(fields(doc('  trustedCidrs: ["2001:db8::/129"]\n'))).toEqual(['spec.trustedCidrs[0]']);
    expect(fields(doc('  verdict: { falsePositiveRate: 0 }\n'))).toEqual(['spec.verdict.falsePositiveRate']);
    expect(fields(doc('  verdict: { falseNegativeRate: 0.7 }\n'))).toEqual(['spec.verdict.falseNegativeRate']);
    expect(fields(doc('  verdict: { throttleAt: 1.5 }\n'))).toEqual(['spec.verdict.throttleAt']);
    expect(fields(doc('  signals: { honeypot: -2 }\n'))).toEqual(['spec.signals.honeypot']);
    expect(fields(doc('  tarpit: { maxSockets: 0 }\n'))).toEqual(['spec.tarpit.maxSockets']);
    expect(fields('apiVersion: tally.dev/v1\nkind: Edge\nmetadata: { name: shop }\nspec: { upstream: "ftp://x" }\n')).toEqual(['spec.upstream']);
  });

  it('the message names the file and the field', () => {
    expect(() => parseEdgeDocument(doc('  verdict: { falsePositiveRate: 2 }\n'), 'edge.yaml')).toThrow(/edge\.yaml: spec\.verdict\.falsePositiveRate: must be below 0\.5/);
    expect(() => loadEdgeDocument('/nonexistent/edge.yaml')).toThrow(/cannot read \/nonexistent\/edge\.yaml/);
  });
});
