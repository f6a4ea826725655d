// The pure statistics: runs of steps as firings, a firing under way at the window's start,
// flaps within flapMinutes, pages joined by alert name (shift-start pages are filtered by the
// route), noisiest first. The figures against a real Prometheus are in stats.system.test.ts.
import { describe, expect, it } from 'vitest';
import type { PromSeries } from '../checks/index.ts';
import { alertStats, firingIntervals } from './stats.ts';

const START = 1_700_000_000 - (1_700_000_000 % 86_400);
const w = { start: START, end: START + 7 * 86_400, step: 60, flapSeconds: 1800 };
const run = (from: number, n: number): [number, number][] => Array.from({ length: n }, (_, i) => [from + i * 60, 1]);

describe('alert statistics', () => {
  it('reads runs of consecutive steps as firings', () => {
    expect(firingIntervals([...run(0, 3), ...run(600, 2)], 60)).toEqual([{ from: 0, to: 120 }, { from: 600, to: 660 }]);
    expect(firingIntervals([], 60)).toEqual([]);
  });

  it('counts firings, flaps within the window and time firing; a firing under way at the start is time, not a firing', () => {
    const series: PromSeries[] = [
      { labels: { alertname: 'A', service: 'checkout', team: 'team-a', severity: 'page' }, samples: [...run(START, 10), ...run(START + 3600, 5), ...run(START + 3600 + 20 * 60, 5), ...run(START + 86_400 * 3, 5)] },
      { labels: { alertname: 'A', instance: 'two' }, samples: run(START + 86_400, 1) },
    ];
    const r = alertStats(series, [], w);
    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]).toMatchObject({ alert: 'A', series: 2, service: 'checkout', team: 'team-a', severity: 'page', firings: 4, flaps: 1, secondsFiring: (10 + 5 + 5 + 5 + 1) * 60, firingsPerWeek: 4, pages: 0, notActionable: false });
    expect(r.alerts[0].daily).toEqual([2, 1, 0, 1, 0, 0, 0]);
  });

  it('joins pages by alert name: who they woke, off hours, never acknowledged; noisiest first', () => {
    const pages = [
      { alert: 'Quiet', service: null, triggeredAt: '', acknowledged: false, offHours: true, assignees: ['user:default/ann'] },
      { alert: 'Quiet', service: null, triggeredAt: '', acknowledged: false, offHours: false, assignees: ['user:default/ann', 'user:default/bob'] },
      { alert: 'A', service: null, triggeredAt: '', acknowledged: true, offHours: false, assignees: ['user:default/bob'] },
    ];
    const r = alertStats([{ labels: { alertname: 'A' }, samples: run(START + 60, 2) }], pages, w);
    // A tie (firings + pages = 2 each): the one firing longer comes first.
    expect(r.alerts.map((a) => a.alert)).toEqual(['A', 'Quiet']);
    expect(r.alerts[1]).toMatchObject({ pages: 2, acknowledged: 0, neverAcknowledged: 2, notActionable: true, woke: [{ user: 'user:default/ann', pages: 2, offHours: 1 }, { user: 'user:default/bob', pages: 1, offHours: 0 }] });
    expect(r.alerts[0]).toMatchObject({ firings: 1, pages: 1, acknowledged: 1, notActionable: false });
    expect(r.summary).toEqual({ alerts: 2, firings: 1, pages: 3, flapping: 0, notActionable: 1 });
  });
});
