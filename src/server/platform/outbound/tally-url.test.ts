import { describe, expect, it } from 'vitest';
import { outboundCheckFor, outboundPolicyOf } from './guard.ts';
import { isTallyPath, resolveTallyUrl } from './tally-url.ts';

const outbound = { allow: [] as string[], allowPrivate: false, allowLinkLocal: false };

describe('Tally-relative URLs', () => {
  it('resolves a path against publicUrl and leaves absolute URLs alone', () => {
    expect(resolveTallyUrl('/demo/status/checkout', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/demo/status/checkout');
    expect(resolveTallyUrl('/demo/webhooks/sre', 'https://acme.example/tally/')).toBe('https://acme.example/tally/demo/webhooks/sre');
    expect(resolveTallyUrl('https://status.acme.example/x', 'http://127.0.0.1:8080')).toBe('https://status.acme.example/x');
    expect(isTallyPath('//evil.example/x')).toBe(false);
    expect(resolveTallyUrl('//evil.example/x', 'http://127.0.0.1:8080')).toBe('//evil.example/x');
  });
});

describe('outboundPolicyOf', () => {
  it('lets the demo reach its own address, whatever the port, and nothing else on loopback', async () => {
    const config = { checks: { outbound }, server: { demo: true, publicUrl: 'http://127.0.0.1:8080' } };
    expect(outboundPolicyOf(config).allow).toEqual(['127.0.0.1:8080']);
    const check = outboundCheckFor(config);
    expect(await check('http://127.0.0.1:8080/demo/status/checkout')).toEqual({ ok: true });
    expect(await check('http://127.0.0.1:7070/demo/status/checkout')).toMatchObject({ ok: false });
  });

  it('adds nothing outside demo mode', async () => {
    const config = { checks: { outbound }, server: { demo: false, publicUrl: 'http://127.0.0.1:8080' } };
    expect(outboundPolicyOf(config).allow).toEqual([]);
    expect(await outboundCheckFor(config)('http://127.0.0.1:8080/x')).toMatchObject({ ok: false, reason: expect.stringContaining('loopback') });
  });
});
