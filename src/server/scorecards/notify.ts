// Hands grade changes to the notifications domain (grade-up / grade-down events in its outbox).
import type { AppDeps } from '../platform/deps.ts';
import { enqueueGradeChanges } from '../notifications/index.ts';
import type { GradeChange } from './history.ts';

export function gradeChangeNotifier(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>): (changes: GradeChange[]) => Promise<void> {
  return async (changes) => {
    // Only real grade moves; a score or rubric version change without a new letter is history, not news.
    const moved = changes.filter((c) => (c.before?.grade ?? null) !== (c.after?.grade ?? null));
    if (moved.length) await enqueueGradeChanges(deps.db, deps.config, moved as never, deps.clock());
  };
}
