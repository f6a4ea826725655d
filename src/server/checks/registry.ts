// The check types Tally knows, by `type`. Built-in types are listed here; add new ones to
// BUILT_IN (or call registerCheckType at start-up, e.g. from tests or plugins).
import { exprCheck } from './expr.ts';
import { factCheck } from './fact.ts';
import { manualCheck } from './manual.ts';
import { ioCheckTypes } from './outbound-checks.ts';
import { changesCheck } from '../changes/check.ts';
import type { CheckType } from './types.ts';

type AnyCheckType = CheckType<any>;

const BUILT_IN: AnyCheckType[] = [exprCheck, factCheck, manualCheck, ...ioCheckTypes, changesCheck];

export const checkTypes = new Map<string, CheckType>();

/** Adds a check type; registering a second type under the same name is a programming error. */
export function registerCheckType(t: AnyCheckType, into: Map<string, CheckType> = checkTypes): void {
  if (into.has(t.type)) throw new Error(`check type '${t.type}' is already registered`);
  into.set(t.type, t as CheckType);
}

for (const t of BUILT_IN) registerCheckType(t);
