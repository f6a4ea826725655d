// The scorecards' read-model generation (platform/db/generations.ts): bumped by every write that
// changes a report card — results and grades (persistResults), rubrics, waiver decisions — so
// cached report cards are rebuilt when, and only when, one of those changes.
import type { Db } from '../platform/db/connect.ts';
import { bumpGeneration, readGeneration } from '../platform/db/generations.ts';

const NAME = 'scorecards';

/** Call inside the writer's transaction, after its other writes. */
export const bumpScorecardsGeneration = (db: Db): Promise<void> => bumpGeneration(db, NAME);
export const scorecardsGeneration = (db: Db): Promise<number> => readGeneration(db, NAME);
