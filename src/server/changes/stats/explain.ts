// What change statistics say, in words and objects, for the statistics an expression reads:
// the `changes` check (`stats.withoutRevertLast30d == 0`) and any CEL over `changes.…`. A
// failure names the changes behind it (summary, linked by id), never the expression.
import type { EvidenceObject } from '../../../common/evidence.ts';
import type { Explanation } from '../../checks/index.ts';
import type { ChangeBrief, ChangeStats } from './dora.ts';

const SHOWN = 3;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function named(list: readonly ChangeBrief[], total: number): string {
  const shown = list.slice(0, SHOWN).map((c) => c.summary).join('; ');
  return total > SHOWN ? `${shown}; and ${total - SHOWN} more` : shown;
}

const objectsOf = (list: readonly ChangeBrief[]): EvidenceObject[] => list.map((c) => ({ kind: 'change', label: c.summary, ref: c.id }));

type Part = Explanation | undefined;

/** "2 of 5 changes of the last 30 days have", "the one change … has", "all 3 changes … have". */
function withoutRevertCount(s: ChangeStats): string {
  const n = s.withoutRevertLast30d;
  if (n === s.changesLast30d) return n === 1 ? 'the one change of the last 30 days has' : `all ${n} changes of the last 30 days have`;
  return `${n} of ${plural(s.changesLast30d, 'change')} of the last 30 days ${n === 1 ? 'has' : 'have'}`;
}

const PARTS: Record<string, (s: ChangeStats) => Part> = {
  withoutRevertLast30d: (s) =>
    s.withoutRevertLast30d === 0
      ? { observed: s.changesLast30d === 0 ? 'no production change in the last 30 days' : s.changesLast30d === 1 ? 'the one change of the last 30 days has a revert action' : `all ${s.changesLast30d} changes of the last 30 days have a revert action` }
      : { observed: `${withoutRevertCount(s)} no revert action: ${named(s.withoutRevert ?? [], s.withoutRevertLast30d)}`, objects: objectsOf(s.withoutRevert ?? []) },
  failedAutomatedWithoutPostmortem: (s) =>
    s.failedAutomatedWithoutPostmortem === 0
      ? { observed: 'every failed automated deploy has a postmortem' }
      : { observed: `${plural(s.failedAutomatedWithoutPostmortem, 'failed automated deploy')} without a postmortem: ${named(s.failedWithoutPostmortem ?? [], s.failedAutomatedWithoutPostmortem)}`, objects: objectsOf(s.failedWithoutPostmortem ?? []) },
  deploysLast30d: (s) => ({ observed: `${plural(s.deploysLast30d, 'production deploy')} in the last 30 days` }),
  deployFrequencyPerWeek: (s) => ({ observed: `${s.deployFrequencyPerWeek} production deploys per week` }),
  changeFailureRate30d: (s) => ({ observed: s.changeFailureRate30d === null ? 'no finished production deploy in the last 30 days' : `change failure rate ${Math.round(s.changeFailureRate30d * 1000) / 10}% over 30 days` }),
  changesLast30d: (s) => ({ observed: `${plural(s.changesLast30d, 'production change')} in the last 30 days` }),
  daysSinceLastChange: (s) => ({ observed: s.daysSinceLastChange === null ? 'no production change recorded' : `last production change ${plural(s.daysSinceLastChange, 'day')} ago` }),
};

/** The statistics `fields` as phrases (in the order read), the changes behind them as objects; undefined when none is known. */
export function explainChangeStats(stats: Partial<ChangeStats>, fields: ReadonlySet<string>): Explanation | undefined {
  if (stats.changesLast30d === undefined) return undefined;
  const parts = [...fields].map((f) => PARTS[f]?.(stats as ChangeStats)).filter((p): p is Explanation => p !== undefined);
  if (parts.length === 0) return undefined;
  const objects = parts.flatMap((p) => p.objects ?? []);
  return { observed: parts.map((p) => p.observed).join('; '), ...(objects.length ? { objects } : {}) };
}
