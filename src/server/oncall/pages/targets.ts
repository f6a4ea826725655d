// Who a page reaches at an escalation level, now: this rotation's person on call, another
// rotation's, or a named person. Shift-start pages reach the incoming person, then the outgoing
// one, then the policy's levels after its first.
import type { ReadModels } from '../read-models.ts';
import type { EscalationTarget, Rotation } from '../rotation/document.ts';
import { onCallAt } from '../rotation/schedule.ts';

/** The person on call now, with the API's overrides as the read models hold them. */
export function onCallNow(models: Pick<ReadModels, 'overrides'>, rotation: Rotation, now: number): string | undefined {
  return onCallAt(rotation, models.overrides.get(rotation.name) ?? [], now)?.user;
}

function resolveTarget(models: Pick<ReadModels, 'overrides' | 'rotations'>, rotation: Rotation, t: EscalationTarget, now: number): string | undefined {
  if (t.kind === 'user') return t.ref;
  const r = t.kind === 'oncall' ? rotation : models.rotations.byName.get(t.name)?.rotation;
  return r ? onCallNow(models, r, now) : undefined;
}

export interface Chain {
  /** How many levels one round has. */
  levels: number;
  repeat: number;
  afterMinutes(level: number): number;
  people(level: number): Promise<string[]>;
}

export function chainOf(models: Pick<ReadModels, 'overrides' | 'rotations'>, rotation: Rotation, now: number, shift?: { incoming: string; outgoing: string | null; ackMinutes: number }): Chain {
  const levels = rotation.escalation.levels;
  const policyPeople = async (i: number) => [...new Set(levels[i]!.notify.map((t) => resolveTarget(models, rotation, t, now)).filter((u): u is string => !!u))];
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
