// Test helper: a stored change with sensible defaults (tests only).
import type { Change } from '../../common/changes.ts';

let seq = 0;
export function makeChange(over: Partial<Change> = {}): Change {
  seq += 1;
  return {
    id: `ch-${seq}`,
    entities: ['component:default/checkout'],
    kind: 'deploy',
    summary: `change ${seq}`,
    source: 'api',
    environment: 'production',
    startedAt: '2024-05-01T11:00:00Z',
    status: 'succeeded',
    automated: false,
    unmapped: false,
    ...over,
  };
}
