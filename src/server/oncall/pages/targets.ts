// Who a page reaches at an escalation level, now: this rotation's person on call, another
// rotation's, or a named person. Shift-start pages reach the incoming person, then the outgoing
// one, then the policy's levels after its first.
import type { Db } from '../../platform/db/connect.ts';
import type { EscalationTarget, Rotation } from '../rotation/document.ts';
import { onCallAt } from '../rotation/schedule.ts';
import { apiOverrides, type RotationSet } from '../rotation/store.ts';

export async function onCallNow(db: Db, rotation: Rotation, now: number): Promise<string | undefined> {
  return onCallAt(rotation, await apiOverrides(db, rotation.name, now, now + 1), now)?.user;
}

async function resolveTarget(db: Db, set: RotationSet, rotation: Rotation, t: EscalationTarget, now: number): Promise<string | undefined> {
  if (t.kind === 'user') return t.ref;
  const r = t.kind === 'oncall' ? rotation : set.byName.get(t.name)?.rotation;
  return r ? onCallNow(db, r, now) : undefined;
}

export interface Chain {
  /** How many levels one round has. */
  levels: number;
  repeat: number;
  afterMinutes(level: number): number;
  people(level: number): Promise<string[]>;
}

export function chainOf(db: Db, set: RotationSet, rotation: Rotation, now: number, shift?: { incoming: string; outgoing: string | null; ackMinutes: number }): Chain {
  const levels = rotation.escalation.levels;
  const policyPeople = async (i: number) => [...new Set((await Promise.all(levels[i]!.notify.map((t) => resolveTarget(db, set, rotation, t, now)))).filter((u): u is string => !!u))];
  if (!shift) return { levels: levels.length, repeat: rotation.escalation.repeat, afterMinutes: (i) => levels[i]!.afterMinutes, people: policyPeople };
  return {
    levels: 1 + levels.length,
    repeat: 0,
    afterMinutes: (i) => (i <= 1 ? shift.ackMinutes : levels[i - 1]!.afterMinutes),
    people: async (i) => (i === 0 ? [shift.incoming] : i === 1 ? (shift.outgoing ? [shift.outgoing] : []) : policyPeople(i - 1)),
  };
}

/** The first level at or after (level, round) that reaches someone; undefined when none does. */
export async function firstReachable(chain: Chain, level: number, round: number): Promise<{ level: number; round: number; people: string[] } | undefined> {
  for (let r = round; r <= chain.repeat; r++) {
    for (let l = r === round ? level : 0; l < chain.levels; l++) {
      const people = await chain.people(l);
      if (people.length > 0) return { level: l, round: r, people };
    }
  }
  return undefined;
}
