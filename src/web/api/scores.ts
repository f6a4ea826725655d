// React Query hooks for one entity's report card: scores, history, why-diff; waivers and evaluations.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';

export type RequirementState = 'pass' | 'warn' | 'fail' | 'error' | 'stale' | 'n/a' | 'exempt';

export interface WaiverInfo {
  id?: string;
  reason: string;
  status?: string;
  requestedBy?: string;
  decidedBy?: string | null;
  expiresAt?: string;
}

export interface RequirementResult {
  id: string;
  title: string;
  category?: string | null;
  weight: number;
  gate?: string | null;
  state: RequirementState;
  message?: string;
  evidence?: unknown;
  rationale?: string | null;
  waiver?: WaiverInfo | null;
  graced?: boolean;
  points?: number | null;
  observedAt?: string;
}

export interface NextAction {
  requirement: string;
  title: string;
  state: RequirementState;
  points: number;
  liftsGate: boolean;
  gradeIfFixed?: string | null;
  graced?: boolean;
  enforceFrom?: string;
}

export interface ScorecardScore {
  scorecard: string;
  title?: string | null;
  version?: string;
  score: number | null;
  grade: string | null;
  evaluatedAt?: string | null;
  requirements: RequirementResult[];
  nextActions: NextAction[];
  nextGrade: string | null;
  pointsMissingToNextGrade: number | null;
}

export interface EntityScores {
  entity: string;
  scorecards: ScorecardScore[];
}

/** The server may name the list `nextActions`, `nextBestActions` or `actions` (nested or not). */
function normaliseScore(raw: Record<string, unknown>): ScorecardScore {
  const nested = (raw.nextBestActions ?? raw.next) as Record<string, unknown> | unknown[] | undefined;
  const actions = (raw.nextActions ?? (Array.isArray(nested) ? nested : nested?.actions) ?? raw.actions ?? []) as NextAction[];
  const pick = <T,>(key: string): T | undefined => (raw[key] ?? (nested && !Array.isArray(nested) ? nested[key] : undefined)) as T | undefined;
  return {
    scorecard: String(raw.scorecard ?? raw.name ?? ''),
    title: (raw.title ?? raw.scorecardTitle ?? null) as string | null,
    version: raw.version as string | undefined,
    score: (raw.score ?? null) as number | null,
    grade: (raw.grade ?? null) as string | null,
    evaluatedAt: (raw.evaluatedAt ?? raw.since ?? raw.validFrom ?? null) as string | null,
    requirements: (raw.requirements ?? []) as RequirementResult[],
    nextActions: actions,
    nextGrade: pick<string | null>('nextGrade') ?? null,
    pointsMissingToNextGrade: pick<number | null>('pointsMissingToNextGrade') ?? pick<number | null>('pointsToNextGrade') ?? null,
  };
}

export function normaliseScores(raw: unknown, ref: string): EntityScores {
  const body = raw as Record<string, unknown> | unknown[];
  const list = Array.isArray(body) ? body : ((body.scorecards ?? body.items ?? (body.requirements ? [body] : [])) as unknown[]);
  return { entity: ref, scorecards: list.map((s) => normaliseScore(s as Record<string, unknown>)) };
}

export const entityPathSegment = (ref: string) => `/entities/${encodeURIComponent(ref)}`;

export function useScores(ref: string) {
  return useQuery({
    queryKey: ['scores', ref],
    queryFn: async () => normaliseScores(await apiGet<unknown>(`${entityPathSegment(ref)}/scores`), ref),
  });
}

export interface GradeInterval {
  score: number | null;
  grade: string | null;
  version: string;
  validFrom: string;
  validTo: string | null;
}

export interface RequirementChange {
  requirement: string;
  state: RequirementState;
  message?: string;
  validFrom: string;
  validTo?: string | null;
}

export interface EntityHistory {
  grades: GradeInterval[];
  requirements: RequirementChange[];
  bands?: Record<string, number>;
}

export function normaliseHistory(raw: unknown): EntityHistory {
  const body = (raw ?? {}) as Record<string, unknown>;
  // The server names interval bounds `from`/`to`; the contract said `validFrom`/`validTo`.
  const interval = <T extends { validFrom: string; validTo?: string | null }>(x: Record<string, unknown>) =>
    ({ ...x, validFrom: String(x.validFrom ?? x.from ?? ''), validTo: (x.validTo ?? x.to ?? null) as string | null }) as unknown as T;
  const grades = ((body.grades ?? body.intervals ?? body.history ?? body.items ?? []) as Record<string, unknown>[]).map((g) => interval<GradeInterval>(g));
  const requirements = ((body.requirements ?? body.requirementChanges ?? []) as Record<string, unknown>[]).map((r) => interval<RequirementChange>(r));
  return { grades, requirements, bands: body.bands as Record<string, number> | undefined };
}

export function useHistory(ref: string, params: { scorecard?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: ['history', ref, params],
    queryFn: async () => normaliseHistory(await apiGet<unknown>(`${entityPathSegment(ref)}/history`, params)),
    enabled: !!params.scorecard,
  });
}

export interface WhyDiff {
  from: { grade: string | null; score: number | null; version: string };
  to: { grade: string | null; score: number | null; version: string };
  rubricChanged?: boolean;
  rubricEffect?: number | null;
  serviceEffect?: number | null;
  rubricChanges: { requirement: string | null; change: string; before?: unknown; after?: unknown; pointsEffect: number | null }[];
  serviceChanges: { requirement: string; before: string | null; after: string | null; pointsEffect: number | null }[];
  summary: string;
}

export function useWhy(ref: string, params: { scorecard?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: ['why', ref, params],
    queryFn: async () => {
      const raw = await apiGet<Record<string, unknown>>(`${entityPathSegment(ref)}/why`, params);
      return (raw.whyDiff ?? raw.diff ?? raw) as WhyDiff;
    },
    enabled: !!(params.scorecard && params.from && params.to),
  });
}

export interface WaiverRequest {
  entity: string;
  scorecard: string;
  requirement: string;
  reason: string;
  expiresAt: string;
}

export function useRequestWaiver() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WaiverRequest) => apiSend<WaiverInfo>('POST', '/waivers', body),
    onSuccess: (_data, body) => void client.invalidateQueries({ queryKey: ['scores', body.entity] }),
  });
}
