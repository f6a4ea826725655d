// React Query hooks for on-call: who is on call now, rotations and their shifts, pages (with ACK
// and resolve), unrouted alerts, and what an ACK link acknowledges. Types come from the shared
// wire schemas (type-only imports: zod never reaches the browser).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OncallNow, Page, PageDetail, Person, RotationSummary, Shift, Shifts, TeamLoad } from '../../common/api/oncall.ts';
import { apiGet, apiSend } from './client.ts';

export type { OncallNow, Page, PageDetail, Person, RotationSummary, Shift, Shifts, TeamLoad };
const LIVE_MS = 10_000;

export const useOncallNow = () => useQuery({ queryKey: ['oncall', 'now'], queryFn: () => apiGet<OncallNow>('/oncall/now'), refetchInterval: LIVE_MS });
export const useRotation = (name: string) => useQuery({ queryKey: ['oncall', 'rotation', name], queryFn: () => apiGet<RotationSummary>(`/rotations/${encodeURIComponent(name)}`) });
export const useShifts = (name: string, from: string, to: string) =>
  useQuery({ queryKey: ['oncall', 'shifts', name, from, to], queryFn: () => apiGet<Shifts>(`/rotations/${encodeURIComponent(name)}/shifts`, { from, to }), placeholderData: (p) => p });
export const usePages = (status: string) =>
  useQuery({ queryKey: ['oncall', 'pages', status], queryFn: () => apiGet<{ items: Page[]; nextCursor: string | null }>('/pages', { status, limit: 100 }), refetchInterval: LIVE_MS, placeholderData: (p) => p });
export const useUnrouted = () =>
  useQuery({ queryKey: ['oncall', 'unrouted'], queryFn: () => apiGet<{ items: { id: string; receivedAt: string; origin: string; title: string; reason: string; labels: Record<string, string> }[] }>('/oncall/unrouted', { limit: 50 }), refetchInterval: LIVE_MS });
export const useTeamLoad = (team: string, days: number) =>
  useQuery({ queryKey: ['oncall', 'team-load', team, days], queryFn: () => apiGet<TeamLoad>(`/oncall/teams/${encodeURIComponent(team)}/load`, { days }), enabled: !!team, placeholderData: (p) => p });
/** A person's shifts on every rotation, from now for four weeks. */
export const usePersonShifts = (user: string) =>
  useQuery({ queryKey: ['oncall', 'person-shifts', user], queryFn: () => apiGet<{ user: string; items: (Shift & { rotation: string })[] }>(`/oncall/people/${encodeURIComponent(user)}/shifts`), enabled: !!user, retry: false });
export const useAckLink = (token: string) =>
  useQuery({ queryKey: ['oncall', 'ack-link', token], queryFn: () => apiGet<{ page: Page; person: Person; expiresAt: string }>('/oncall/ack', { token }, null), enabled: !!token, retry: false });

export function usePageAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ page, action }: { page: string; action: 'ack' | 'resolve' }) => apiSend<PageDetail>('POST', `/pages/${encodeURIComponent(page)}/${action}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['oncall'] }),
  });
}

/** Declares an incident from a page (editor); the page then shows it. */
export function useDeclareFromPage() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (page: string) => apiSend<PageDetail>('POST', `/pages/${encodeURIComponent(page)}/incident`, {}), onSuccess: () => void qc.invalidateQueries({ queryKey: ['oncall'] }) });
}

export function useAckWithLink() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (token: string) => apiSend<PageDetail>('POST', '/oncall/ack', { token }), onSuccess: () => void qc.invalidateQueries({ queryKey: ['oncall'] }) });
}
