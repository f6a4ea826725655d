// Verdict ids that sort in the order verdicts were reached: the time, a per-process sequence, randomness.
import { randomBytes } from 'node:crypto';

let seq = 0;

export function orderedIdFor(iso: string): string {
  seq = (seq + 1) % 1_679_616;
  return `${Date.parse(iso).toString(36).padStart(9, '0')}${seq.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}
