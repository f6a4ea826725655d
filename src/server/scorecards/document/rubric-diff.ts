// What changed between two versions of a scorecard spec, requirement by requirement.
// Only fields that can change a score or a grade are listed; wording changes (title,
// description, rationale, category) change the version but not the result.
import type { Requirement, ScorecardSpec } from './document.ts';
import { canonicalJson } from './version.ts';

export type RubricChangeKind =
  | 'added'
  | 'removed'
  | 'weight'
  | 'gate'
  | 'check'
  | 'enforceFrom'
  | 'freshness'
  | 'appliesTo'
  | 'grades'
  | 'warnCredit'
  | 'scorecardAppliesTo'
  | 'wording'
  | 'unknown';

export interface RubricFieldChange {
  /** Null for scorecard-wide changes (grades, warnCredit, appliesTo). */
  requirement: string | null;
  change: RubricChangeKind;
  before: unknown;
  after: unknown;
}

/** Changes that alter which state a requirement reaches (as opposed to what that state is worth). */
export const STATE_DEFINING: readonly RubricChangeKind[] = ['added', 'check', 'appliesTo', 'enforceFrom', 'freshness'];

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

const REQUIREMENT_FIELDS = ['weight', 'gate', 'check', 'enforceFrom', 'freshness', 'appliesTo'] as const;
const WORDING_FIELDS = ['title', 'description', 'rationale', 'category'] as const;

export function diffRubric(before: ScorecardSpec, after: ScorecardSpec): RubricFieldChange[] {
  const out: RubricFieldChange[] = [];
  if (!same(before.grades, after.grades)) out.push({ requirement: null, change: 'grades', before: before.grades, after: after.grades });
  if (before.warnCredit !== after.warnCredit) out.push({ requirement: null, change: 'warnCredit', before: before.warnCredit, after: after.warnCredit });
  if (!same(before.appliesTo, after.appliesTo)) out.push({ requirement: null, change: 'scorecardAppliesTo', before: before.appliesTo, after: after.appliesTo });
  const old = new Map(before.requirements.map((r) => [r.id, r]));
  const now = new Set(after.requirements.map((r) => r.id));
  for (const r of before.requirements) if (!now.has(r.id)) out.push({ requirement: r.id, change: 'removed', before: r, after: undefined });
  for (const r of after.requirements) {
    const o = old.get(r.id);
    if (!o) out.push({ requirement: r.id, change: 'added', before: undefined, after: r });
    else out.push(...diffRequirement(o, r));
  }
  return out;
}

function diffRequirement(o: Requirement, r: Requirement): RubricFieldChange[] {
  const out: RubricFieldChange[] = [];
  for (const f of REQUIREMENT_FIELDS) if (!same(o[f], r[f])) out.push({ requirement: r.id, change: f, before: o[f], after: r[f] });
  if (out.length === 0 && WORDING_FIELDS.some((f) => !same(o[f], r[f]))) out.push({ requirement: r.id, change: 'wording', before: undefined, after: undefined });
  return out;
}

/** Applies one change to `spec` (for one-at-a-time attribution of points). */
export function applyChange(spec: ScorecardSpec, c: RubricFieldChange): ScorecardSpec {
  switch (c.change) {
    case 'grades':
    case 'warnCredit':
      return { ...spec, [c.change]: c.after };
    case 'added':
      return { ...spec, requirements: [...spec.requirements, c.after as Requirement] };
    case 'removed':
      return { ...spec, requirements: spec.requirements.filter((r) => r.id !== c.requirement) };
    case 'weight':
    case 'gate':
    case 'check':
    case 'enforceFrom':
    case 'freshness':
    case 'appliesTo':
      return { ...spec, requirements: spec.requirements.map((r) => (r.id === c.requirement ? { ...r, [c.change]: c.after } : r)) };
    default:
      return spec;
  }
}
