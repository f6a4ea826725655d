// React Query hook for the notification delivery log (needs a token: any role).
import { useQuery } from '@tanstack/react-query';
import type { Delivery } from '../../common/api/notifications.ts';
import { apiGet } from './client.ts';

export type { Delivery } from '../../common/api/notifications.ts';

export function useDeliveries(status: string, enabled: boolean) {
  return useQuery({
    queryKey: ['deliveries', status],
    queryFn: async () => (await apiGet<{ items: Delivery[] }>('/notifications/deliveries', { status, limit: 200 })).items,
    enabled,
  });
}
