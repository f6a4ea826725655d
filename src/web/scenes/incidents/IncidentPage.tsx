// The incident page: the header (severity, state, incident manager, impact, elapsed time), then
// the impact, timeline, suspect changes with revert, roles, workstreams, hypotheses, comms,
// mitigation aids and follow-ups. Refreshes itself every 10 seconds.
import { useParams } from 'react-router';
import { useIncidentPage } from '../../api/incidents.ts';
import { useAuth } from '../../components/auth.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { canEdit } from './format.ts';
import { FollowUps } from './FollowUps.tsx';
import { AidsCard } from './page/AidsCard.tsx';
import { CommsCard } from './page/CommsCard.tsx';
import { Header } from './page/Header.tsx';
import { ImpactCard } from './page/ImpactCard.tsx';
import { RolesCard } from './page/RolesCard.tsx';
import { IncidentContext } from './page/shared.tsx';
import { SuspectsCard } from './page/SuspectsCard.tsx';
import { TimelineCard } from './page/TimelineCard.tsx';
import { HypothesesCard, WorkstreamsCard } from './page/WorkCard.tsx';
import './incidents.css';

export default function IncidentPage() {
  const { key = '' } = useParams();
  const page = useIncidentPage(key);
  const { user } = useAuth();
  useTitle(page.data ? `${page.data.incident.ref} ${page.data.incident.title}` : 'Incident');
  if (page.isPending) return <Loading rows={10} />;
  if (page.isError) return <ErrorState error={page.error} onRetry={() => void page.refetch()} />;
  const { incident } = page.data;
  const editable = canEdit(user?.role) && incident.state !== 'closed';
  return (
    <IncidentContext.Provider value={{ incidentKey: key, editable }}>
      <Header incident={incident} />
      <div className="incident-grid">
        <div className="incident-col">
          <ImpactCard key={incident.version} incident={incident} />
          <TimelineCard />
          <SuspectsCard incident={incident} />
          <FollowUps incidentKey={key} postmortem={page.data.postmortem} editable={canEdit(user?.role)} />
        </div>
        <div className="incident-col">
          <RolesCard incident={incident} />
          <WorkstreamsCard page={page.data} />
          <HypothesesCard page={page.data} />
          <CommsCard incident={incident} />
          <AidsCard />
        </div>
      </div>
    </IncidentContext.Provider>
  );
}
