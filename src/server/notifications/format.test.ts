import { describe, expect, it } from 'vitest';
import { formatSlack, formatWebhook, type NotificationEvent } from './format.ts';

const down: NotificationEvent = {
  type: 'grade-down',
  id: 'evt-1',
  entity: 'component:default/checkout',
  team: 'payments',
  from: 'A',
  to: 'B',
  score: 84.26,
  details: 'Runbook link answers 404 & backups untested for 41 days <see report>',
  url: 'https://tally.example.com/services/checkout',
};

describe('formatSlack', () => {
  it('makes a text fallback and mrkdwn blocks with a link, details and context', () => {
    const p = formatSlack(down);
    expect(p.text).toBe(':arrow_down: component:default/checkout fell from A to B');
    expect(p.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':arrow_down: *<https://tally.example.com/services/checkout|component:default/checkout fell from A to B>*\nRunbook link answers 404 &amp; backups untested for 41 days &lt;see report&gt;',
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'team payments · score 84.3' }] },
    ]);
  });

  it('words each event type for people', () => {
    const policed = { type: 'entered-f', entity: 'cart', scorecard: 'production-readiness', consequence: 'no SRE support under policy production until the grade recovers', details: 'x' } as const;
    expect(formatSlack(policed).text).toBe(':rotating_light: cart is now graded F on production-readiness: no SRE support under policy production until the grade recovers');
    // A scorecard no policy governs: its F is news, not a loss of support.
    expect(formatSlack({ type: 'entered-f', entity: 'cart', scorecard: 'oncall-health', details: 'x' }).text).toBe(':rotating_light: cart is now graded F on oncall-health');
    expect(formatSlack({ type: 'grade-up', entity: 'cart', from: null, to: 'C', details: 'x' }).text).toContain('rose from ungraded to C');
    expect(formatSlack({ type: 'waiver-expiring', entity: 'cart', details: 'x' }).text).toContain('A waiver for cart expires soon');
    const hackday = formatSlack({ type: 'hackday-results', details: '1. payments +31 points' });
    expect(hackday.text).toBe(':trophy: HackDay results are in');
    expect(hackday.blocks).toHaveLength(1);
  });
});

describe('formatWebhook', () => {
  it('carries every field, null when absent, with a plain summary', () => {
    expect(formatWebhook({ type: 'entered-f', entity: 'component:default/cart', details: 'owner missing' })).toEqual({
      version: 1,
      id: null,
      type: 'entered-f',
      occurredAt: null,
      entity: 'component:default/cart',
      team: null,
      scorecard: null,
      consequence: null,
      from: null,
      to: null,
      score: null,
      summary: 'component:default/cart is now graded F',
      details: 'owner missing',
      url: null,
    });
  });
});
