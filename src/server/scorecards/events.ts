// What the scorecards publish: `grade.changed` when letter grades move (in the run's
// transaction), so notifications and anyone else learn of it without scorecards knowing them.
import type { DomainEvent } from '../platform/events/events.ts';
import type { GradeChange } from './history/history.ts';

export const GRADE_CHANGED = 'grade.changed';

/** One letter move: `from` null = newly graded, `to` null = no longer graded. */
export interface GradeMove {
  entity: string;
  from: string | null;
  to: string | null;
  score: number | null;
}

export interface GradeChangedPayload {
  scorecard: string;
  at: string;
  moves: GradeMove[];
}

const PER_EVENT = 1000;

/** Letter moves only (a score or rubric version change without a new letter is history, not news), in events of up to 1000. */
export function gradeChangeEvents(scorecard: string, changes: readonly GradeChange[]): DomainEvent[] {
  const moves: GradeMove[] = changes
    .filter((c) => (c.before?.grade ?? null) !== (c.after?.grade ?? null))
    .map((c) => ({ entity: c.entity, from: c.before?.grade ?? null, to: c.after?.grade ?? null, score: c.after?.score ?? null }));
  const at = changes[0]?.at ?? '';
  const events: DomainEvent[] = [];
  for (let i = 0; i < moves.length; i += PER_EVENT) {
    const payload: GradeChangedPayload = { scorecard, at, moves: moves.slice(i, i + PER_EVENT) };
    events.push({ type: GRADE_CHANGED, key: `${GRADE_CHANGED}|${scorecard}|${at}|${i}`, payload: payload as unknown as Record<string, unknown> });
  }
  return events;
}
