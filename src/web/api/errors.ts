// React Query hooks for error tracking: a service's projects (DSN) and issues, one issue with its
// counts and events, and the status change (which refreshes the issue and the lists).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Suspects } from '../../common/api/changes.ts';
import type { ErrorEvent, ErrorProject, IssueCommits, IssueDetail, IssueStatus, IssueSummary, SinceChange } from '../../common/api/errors.ts';
import { apiGet, apiSend } from './client.ts';

export type { ErrorEvent, ErrorProject, IssueCommits, IssueDetail, IssueStatus, IssueSummary, SinceChange };
const LIVE_MS = 15_000;

export const useErrorProjects = (entity: string) =>
  useQuery({ queryKey: ['error-projects', entity], queryFn: () => apiGet<{ items: ErrorProject[] }>('/errors/projects', { entity }) });

export const useIssues = (entity: string, status?: string) =>
  useQuery({ queryKey: ['error-issues', entity, status ?? ''], queryFn: () => apiGet<{ items: IssueSummary[] }>('/errors/issues', { entity, status, limit: 50 }), refetchInterval: LIVE_MS });

export const useIssue = (id: string) => useQuery({ queryKey: ['error-issue', id], queryFn: () => apiGet<IssueDetail>(`/errors/issues/${encodeURIComponent(id)}`), refetchInterval: LIVE_MS });

export const useIssueSuspects = (id: string) => useQuery({ queryKey: ['error-issue', id, 'suspects'], queryFn: () => apiGet<Suspects>(`/errors/issues/${encodeURIComponent(id)}/suspects`) });

/** Git is asked anew each time: kept a minute, never refetched in the background. */
export const useIssueCommits = (id: string) => useQuery({ queryKey: ['error-issue', id, 'commits'], queryFn: () => apiGet<IssueCommits>(`/errors/issues/${encodeURIComponent(id)}/commits`), staleTime: 60_000 });

export const useSinceChange = (changeId: string, window: string) =>
  useQuery({ queryKey: ['errors-since-change', changeId, window], queryFn: () => apiGet<SinceChange>(`/errors/since-change/${encodeURIComponent(changeId)}`, { window }), refetchInterval: LIVE_MS });

export const useIssueEvents = (id: string, traceId: string) =>
  useQuery({ queryKey: ['error-issue', id, 'events', traceId], queryFn: () => apiGet<{ items: ErrorEvent[] }>(`/errors/issues/${encodeURIComponent(id)}/events`, { traceId, limit: 20 }), enabled: traceId.length >= 16 });

export function useSetIssueStatus(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (status: IssueStatus) => apiSend<IssueDetail>('PATCH', `/errors/issues/${encodeURIComponent(id)}`, { status }),
    onSuccess: (issue) => {
      qc.setQueryData(['error-issue', id], issue);
      void qc.invalidateQueries({ queryKey: ['error-issues'] });
    },
  });
}

export function useCreateProject(entity: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<ErrorProject>('POST', '/errors/projects', { entity }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['error-projects', entity] }),
  });
}
