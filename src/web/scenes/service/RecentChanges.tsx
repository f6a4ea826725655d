// The service's recent changes, with the revert button; links to the full changes page.
import { Link } from 'react-router';
import { useChanges } from '../../api/changes.ts';
import { Card } from '../../components/Section.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { ChangeList } from '../changes/ChangeList.tsx';

export function RecentChanges({ entityRef }: { entityRef: string }) {
  const query = useChanges({ entity: entityRef }, { limit: 8 });
  const changes = query.data?.pages[0]?.items ?? [];
  const all = `/changes?${new URLSearchParams({ entity: entityRef, range: '90d' })}`;
  const suspects = `/changes?${new URLSearchParams({ suspectsFor: entityRef, at: new Date().toISOString() })}`;
  return (
    <Card title="Recent changes" extra={<span className="row-gap small"><Link to={suspects}>Something broke? See suspects</Link><Link to={all}>All changes</Link></span>}>
      {query.isPending ? <Loading rows={3} /> : query.isError ? <ErrorState error={query.error} onRetry={() => query.refetch()} /> : changes.length === 0 ? (
        <p className="muted">No change recorded for this service. Pipelines record deploys with <code>tally change record</code>.</p>
      ) : (
        <ChangeList changes={changes} label="Recent changes to this service" />
      )}
    </Card>
  );
}
