// React Query hooks for waivers (list, approve, reject) and attestations of manual requirements.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AttestationBody, WaiverListItem } from '../../common/api/scorecards.ts';
import { apiGet, apiSend } from './client.ts';

export type { AttestationBody, Waiver, WaiverListItem } from '../../common/api/scorecards.ts';

export function useWaivers(status?: 'requested' | 'approved' | 'rejected') {
  return useQuery({ queryKey: ['waivers', status ?? 'all'], queryFn: async () => (await apiGet<{ items: WaiverListItem[] }>('/waivers', { status })).items });
}

/** Approve or reject; the server refuses the requester (403) and re-grades on approval. */
export function useDecideWaiver() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'reject' }) => apiSend<unknown>('POST', `/waivers/${encodeURIComponent(id)}/${decision}`),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['waivers'] });
      void client.invalidateQueries({ queryKey: ['scores'] });
    },
  });
}

export function useAttest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AttestationBody) => apiSend<unknown>('POST', '/attestations', body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['scorecard-results'] });
      void client.invalidateQueries({ queryKey: ['scores'] });
    },
  });
}
