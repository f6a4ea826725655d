// Ids that sort in the order rows were written: the time, then a per-process sequence, then
// randomness. Lists ordered by (created_at, id) keep insertion order even within one instant.
import { randomBytes } from 'node:crypto';

let seq = 0;

export function orderedId(now: Date): string {
  seq = (seq + 1) % 1_679_616;
  return `${now.getTime().toString(36).padStart(9, '0')}${seq.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}
