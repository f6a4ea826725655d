// Who am I? GET /api/v1/auth/whoami with the token kept in localStorage.
import { useQuery } from '@tanstack/react-query';
import type { WhoAmI } from '../../common/api/system.ts';
import { apiGet } from './client.ts';

export type { WhoAmI } from '../../common/api/system.ts';

export function checkToken(token: string): Promise<WhoAmI> {
  return apiGet<WhoAmI>('/auth/whoami', {}, token);
}

export function useWhoAmI(token: string | null) {
  return useQuery({
    queryKey: ['whoami', token],
    queryFn: () => checkToken(token as string),
    enabled: !!token,
    staleTime: 5 * 60_000,
  });
}
