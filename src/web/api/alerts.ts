// Alert hygiene: the alerts firing now (Alertmanager), statistics and fatigue (Prometheus ALERTS
// and Tally's pages), and the lint of the server's rule files. Types from the wire schemas.
import { useQuery } from '@tanstack/react-query';
import type { AlertDashboard, AlertStatsReport, LintReport } from '../../common/api/alerts.ts';
import { apiGet } from './client.ts';

export type { AlertDashboard, AlertStatsReport, LintReport };

export function useFiringAlerts() {
  return useQuery({ queryKey: ['alerts', 'firing'], queryFn: () => apiGet<AlertDashboard>('/alerts/firing'), refetchInterval: 30_000 });
}

export function useAlertStats(days: number) {
  return useQuery({ queryKey: ['alerts', 'stats', days], queryFn: () => apiGet<AlertStatsReport>(`/alerts/stats?days=${days}`), refetchInterval: 300_000 });
}

export function useRuleLint() {
  return useQuery({ queryKey: ['alerts', 'lint'], queryFn: () => apiGet<LintReport>('/alerts/lint/files') });
}
