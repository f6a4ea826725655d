import { describe, expect, it } from 'vitest';
import { InputError } from '../../platform/problems.ts';
import { pagerdutyAcceptedBody, pagerdutyInvalidBody, pagerdutyToChange } from './pagerduty.ts';
import { parseTimestamp } from './text.ts';

const now = new Date('2024-05-01T12:00:00Z');
const KEY = 'R015XXXXXXXXXXXXXXXXXXXXXXXXXXXX';
const routingKeys = { [KEY]: ['component:default/checkout'] };

// PagerDuty's documented example of a change event, with details a CI pipeline adds.
const event = {
  routing_key: KEY,
  payload: {
    summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
    timestamp: '2020-07-17T08:42:58.315+0000',
    source: 'prod-build-agent-i-0b148d1040d565540',
    custom_details: { build_state: 'passed', build_number: '2', run_time: '1236s', environment: 'staging' },
  },
  links: [{ href: 'https://buildkite.com/acme/checkout/builds/2', text: 'View more details in Buildkite' }],
};

describe('pagerdutyToChange', () => {
  it('maps a change event to a change on the routing key’s entities', () => {
    const { input, problems } = pagerdutyToChange(event, routingKeys, now);
    expect(problems).toEqual([]);
    expect(input).toMatchObject({
      entities: ['component:default/checkout'],
      kind: 'deploy',
      summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
      source: 'pagerduty',
      version: '2',
      environment: 'staging',
      startedAt: '2020-07-17T08:42:58.315Z',
      status: 'succeeded',
      automated: true,
      links: [{ url: 'https://buildkite.com/acme/checkout/builds/2', title: 'View more details in Buildkite' }],
    });
    expect(input.description).toContain('source: prod-build-agent-i-0b148d1040d565540');
    expect(input.description).toContain('run_time: 1236s');
  });

  it('keeps an event with an unknown routing key, unmapped, remembering only the key’s tail', () => {
    const { input } = pagerdutyToChange({ ...event, routing_key: 'unknown-key-1234' }, routingKeys, now);
    expect(input.entities).toEqual([]);
    expect(input.labels).toEqual({ 'pagerduty.routing_key_suffix': '1234' });
    expect(JSON.stringify(input)).not.toContain('unknown-key');
  });

  it('uses the time of receipt when the timestamp is absent or unreadable', () => {
    expect(pagerdutyToChange({ ...event, payload: { summary: 'x' } }, routingKeys, now).input.startedAt).toBe(now.toISOString());
    const r = pagerdutyToChange({ ...event, payload: { summary: 'x', timestamp: 'yesterday' } }, routingKeys, now);
    expect(r.input.startedAt).toBe(now.toISOString());
    expect(r.problems[0]).toMatchObject({ severity: 'warning', field: 'payload.timestamp' });
  });

  it('keeps a long summary whole in the description', () => {
    const summary = 'a'.repeat(1000);
    const { input } = pagerdutyToChange({ ...event, payload: { summary } }, routingKeys, now);
    expect(input.summary.length).toBe(300);
    expect(input.description).toContain(summary);
  });

  it('refuses events without routing_key or summary, or with a summary over 1024 characters', () => {
    const fields = (body: unknown) => {
      try {
        pagerdutyToChange(body, routingKeys, now);
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).problems.map((p) => p.field);
      }
    };
    expect(fields({ payload: { summary: 'x' } })).toEqual(['routing_key']);
    expect(fields({ routing_key: KEY, payload: {} })).toEqual(['payload.summary']);
    expect(fields({ routing_key: KEY, payload: { summary: 'x'.repeat(1025) } })).toEqual(['payload.summary']);
  });

  it('answers as PagerDuty does', () => {
    expect(pagerdutyAcceptedBody()).toEqual({ status: 'success', message: 'Change event processed' });
    expect(pagerdutyInvalidBody([{ severity: 'error', field: 'routing_key', message: 'is required' }])).toEqual({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: ['routing_key is required'],
    });
  });
});

describe('parseTimestamp', () => {
  it('reads the forms senders use', () => {
    expect(parseTimestamp('2015-07-17T08:42:58.315+0000')).toBe('2015-07-17T08:42:58.315Z');
    expect(parseTimestamp('2015-07-17T10:42:58+02:00')).toBe('2015-07-17T08:42:58Z');
    expect(parseTimestamp('2015-07-17 08:42:58')).toBe('2015-07-17T08:42:58Z');
    expect(parseTimestamp(1472243938774)).toBe('2016-08-26T20:38:58.774Z');
    expect(parseTimestamp(1472243938)).toBe('2016-08-26T20:38:58.000Z');
    expect(parseTimestamp('soon')).toBeUndefined();
    expect(parseTimestamp(null)).toBeUndefined();
  });
});
