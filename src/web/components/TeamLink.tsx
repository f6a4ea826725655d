// A team, by its display name (Group displayName or title), linked to its team page.
import { useTeamTitles } from '../api/leaderboard.ts';
import { EntityLink } from './EntityLink.tsx';
import { shortRef } from '../../common/refs.ts';

export function TeamLink({ teamRef }: { teamRef: string | null | undefined }) {
  const titles = useTeamTitles();
  if (!teamRef || teamRef === 'none') return <span className="muted">no owner</span>;
  return <EntityLink entityRef={teamRef} defaultKind="group" label={titles.get(teamRef) || shortRef(teamRef)} report />;
}
