// React Query hooks for scorecards: GET /api/v1/scorecards and /api/v1/scorecards/{name}.
import { useQuery } from '@tanstack/react-query';
import { apiGet } from './client.ts';

export interface ScorecardRequirement {
  id: string;
  title: string;
  category?: string | null;
  weight: number;
  gate?: string | null;
  rationale?: string | null;
  check?: { type: string; [k: string]: unknown };
  checkType?: string;
  description?: string | null;
  enforceFrom?: string;
  freshness?: string;
}

export interface ScorecardVersion {
  version: string;
  firstSeenAt?: string;
  first_seen_at?: string;
}

export interface ScorecardSummary {
  name: string;
  title?: string | null;
  description?: string | null;
  version?: string;
  requirements?: number | ScorecardRequirement[];
  /** In the list, the server sends the grade distribution under `grades`. */
  grades?: Record<string, number>;
  entities?: number;
  distribution?: Record<string, number>;
}

export interface ScorecardDetail extends ScorecardSummary {
  grades?: Record<string, number>;
  appliesTo?: unknown;
  warnCredit?: number;
  requirementList: ScorecardRequirement[];
  versions: ScorecardVersion[];
  distribution?: Record<string, number>;
}

export function useScorecards() {
  return useQuery({
    queryKey: ['scorecards'],
    queryFn: async () => {
      const raw = await apiGet<unknown>('/scorecards');
      const list = Array.isArray(raw) ? raw : ((raw as Record<string, unknown>).items ?? (raw as Record<string, unknown>).scorecards ?? []);
      return list as ScorecardSummary[];
    },
  });
}

/** The server may return the document (`spec.requirements`) or a flattened view; both become one shape. */
export function normaliseScorecard(raw: Record<string, unknown>): ScorecardDetail {
  const spec = (raw.spec ?? {}) as Record<string, unknown>;
  const metadata = (raw.metadata ?? {}) as Record<string, unknown>;
  const reqs = (Array.isArray(raw.requirements) ? raw.requirements : spec.requirements ?? []) as ScorecardRequirement[];
  return {
    ...(raw as unknown as ScorecardSummary),
    name: String(raw.name ?? metadata.name ?? ''),
    title: (raw.title ?? metadata.title ?? null) as string | null,
    description: (raw.description ?? metadata.description ?? null) as string | null,
    grades: (raw.grades ?? spec.grades) as Record<string, number> | undefined,
    warnCredit: (raw.warnCredit ?? spec.warnCredit) as number | undefined,
    appliesTo: raw.appliesTo ?? spec.appliesTo,
    requirementList: reqs,
    versions: (raw.versions ?? []) as ScorecardVersion[],
    distribution: raw.distribution as Record<string, number> | undefined,
  };
}

export function useScorecard(name: string) {
  return useQuery({
    queryKey: ['scorecard', name],
    queryFn: async () => normaliseScorecard(await apiGet<Record<string, unknown>>(`/scorecards/${encodeURIComponent(name)}`)),
  });
}
