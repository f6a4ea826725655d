// Routes. Every page is its own chunk (React.lazy), so the leaderboard loads without cytoscape.
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isClientError } from './api/client.ts';
import { AuthProvider } from './components/auth.tsx';
import { Layout } from './components/Layout.tsx';

const LeaderboardPage = lazy(() => import('./scenes/leaderboard/LeaderboardPage.tsx'));
const CatalogPage = lazy(() => import('./scenes/catalog/CatalogPage.tsx'));
const EntityPage = lazy(() => import('./scenes/catalog/EntityPage.tsx'));
const GraphPage = lazy(() => import('./scenes/graph/GraphPage.tsx'));
const ServicePage = lazy(() => import('./scenes/service/ServicePage.tsx'));
const TeamPage = lazy(() => import('./scenes/team/TeamPage.tsx'));
const ScorecardsPage = lazy(() => import('./scenes/scorecards/ScorecardsPage.tsx'));
const ScorecardPage = lazy(() => import('./scenes/scorecards/ScorecardPage.tsx'));
const HackdayPage = lazy(() => import('./scenes/hackday/HackdayPage.tsx'));
const ChangesPage = lazy(() => import('./scenes/changes/ChangesPage.tsx'));
const WaiversPage = lazy(() => import('./scenes/workflows/WaiversPage.tsx'));
const AttestationsPage = lazy(() => import('./scenes/workflows/AttestationsPage.tsx'));
const PoliciesPage = lazy(() => import('./scenes/workflows/PoliciesPage.tsx'));
const DoraPage = lazy(() => import('./scenes/workflows/DoraPage.tsx'));
const DeploysPage = lazy(() => import('./scenes/workflows/DeploysPage.tsx'));
const FTeamsPage = lazy(() => import('./scenes/workflows/FTeamsPage.tsx'));
const NotificationsPage = lazy(() => import('./scenes/workflows/NotificationsPage.tsx'));
const IncidentsPage = lazy(() => import('./scenes/incidents/IncidentsPage.tsx'));
const IncidentPage = lazy(() => import('./scenes/incidents/IncidentPage.tsx'));
const PostmortemPage = lazy(() => import('./scenes/incidents/PostmortemPage.tsx'));
const IncidentStatsPage = lazy(() => import('./scenes/incidents/StatsPage.tsx'));
const ForecastsPage = lazy(() => import('./scenes/forecasts/ForecastsPage.tsx'));
const ResourceForecastPage = lazy(() => import('./scenes/forecasts/ResourceForecastPage.tsx'));
const CapacityPage = lazy(() => import('./scenes/forecasts/CapacityPage.tsx'));
const EdgePage = lazy(() => import('./scenes/edge/EdgePage.tsx'));
const SlosPage = lazy(() => import('./scenes/slo/SlosPage.tsx'));
const SloPage = lazy(() => import('./scenes/slo/SloPage.tsx'));
const OncallPage = lazy(() => import('./scenes/oncall/OncallPage.tsx'));
const AlertsPage = lazy(() => import('./scenes/alerts/AlertsPage.tsx'));
const RotationPage = lazy(() => import('./scenes/oncall/RotationPage.tsx'));
const AckPage = lazy(() => import('./scenes/oncall/AckPage.tsx'));
const MyShiftsPage = lazy(() => import('./scenes/oncall/MyShiftsPage.tsx'));
const TeamLoadPage = lazy(() => import('./scenes/oncall/TeamLoadPage.tsx'));
const NotFoundPage = lazy(() => import('./scenes/NotFoundPage.tsx'));
const IssuePage = lazy(() => import('./scenes/errors/IssuePage.tsx'));
const SinceChangePage = lazy(() => import('./scenes/errors/SinceChangePage.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !isClientError(error) && count < 2,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<LeaderboardPage />} />
              <Route path="catalog" element={<CatalogPage />} />
              <Route path="catalog/:kind/:namespace/:name" element={<EntityPage />} />
              <Route path="graph" element={<GraphPage />} />
              <Route path="services/:namespace/:name" element={<ServicePage />} />
              <Route path="teams/:namespace/:name" element={<TeamPage />} />
              <Route path="scorecards" element={<ScorecardsPage />} />
              <Route path="scorecards/:name" element={<ScorecardPage />} />
              <Route path="hackdays/:name" element={<HackdayPage />} />
              <Route path="changes" element={<ChangesPage />} />
              <Route path="waivers" element={<WaiversPage />} />
              <Route path="attestations" element={<AttestationsPage />} />
              <Route path="policies" element={<PoliciesPage />} />
              <Route path="dora" element={<DoraPage />} />
              <Route path="reports/deploys" element={<DeploysPage />} />
              <Route path="reports/f-teams" element={<FTeamsPage />} />
              <Route path="notifications" element={<NotificationsPage />} />
              <Route path="incidents" element={<IncidentsPage />} />
              <Route path="incidents/stats" element={<IncidentStatsPage />} />
              <Route path="incidents/:key" element={<IncidentPage />} />
              <Route path="incidents/:key/postmortem" element={<PostmortemPage />} />
              <Route path="errors/issues/:id" element={<IssuePage />} />
              <Route path="forecasts" element={<ForecastsPage />} />
              <Route path="forecasts/resource" element={<ResourceForecastPage />} />
              <Route path="capacity" element={<CapacityPage />} />
              <Route path="edge" element={<EdgePage />} />
              <Route path="slo" element={<SlosPage />} />
              <Route path="slo/:name" element={<SloPage />} />
              <Route path="oncall" element={<OncallPage />} />
              <Route path="alerts" element={<AlertsPage />} />
              <Route path="oncall/rotations/:name" element={<RotationPage />} />
              <Route path="oncall/ack" element={<AckPage />} />
              <Route path="oncall/me" element={<MyShiftsPage />} />
              <Route path="oncall/teams/:team" element={<TeamLoadPage />} />
              <Route path="errors/since/:id" element={<SinceChangePage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </QueryClientProvider>
  );
}
