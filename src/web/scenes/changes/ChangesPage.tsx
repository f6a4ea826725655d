// The central change database: timeline, filters (permalinks), live list, revert; and suspects.
import { useChanges, useTimeline, LIVE_MS, type ChangeFilters as Filters } from '../../api/changes.ts';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { useTitle } from '../../components/useTitle.ts';
import { ChangeFilters, CHANGE_FILTER_KEYS } from './ChangeFilters.tsx';
import { ChangeList } from './ChangeList.tsx';
import { Suspects } from './Suspects.tsx';
import { Timeline } from './Timeline.tsx';
import { resolveRange } from './timeRange.ts';

const KEYS = [...CHANGE_FILTER_KEYS, 'suspectsFor', 'at', 'window'] as const;

export default function ChangesPage() {
  const [params, setParams] = useQueryParams(KEYS);
  useTitle(params.suspectsFor ? 'Suspects' : 'Changes');
  return (
    <>
      <div className="page-head">
        <h1>Changes</h1>
        <p className="muted">Every deploy, configuration, infrastructure and feature-flag change, newest first. Updates every {LIVE_MS / 1000} seconds.</p>
      </div>
      {params.suspectsFor ? (
        <Suspects entity={params.suspectsFor} at={params.at || new Date().toISOString()} window={params.window} />
      ) : (
        <>
          <ChangeFilters params={params} setParams={setParams} />
          <ChangesBody params={params} />
        </>
      )}
    </>
  );
}

function ChangesBody({ params }: { params: Record<(typeof KEYS)[number], string> }) {
  const { from, to, bucket } = resolveRange(params);
  const filters: Filters = { q: params.q, entity: params.entity, withDependencies: params.entity ? params.withDependencies : '', kind: params.kind, status: params.status, actor: params.actor, from, to };
  const list = useChanges(filters);
  const timeline = useTimeline({ ...filters, bucket });
  const changes = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = ['q', 'entity', 'kind', 'status', 'actor'].some((k) => params[k as keyof typeof params]);
  if (list.isPending) return <Loading rows={8} label="Loading changes…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      {timeline.data && <Timeline data={timeline.data} bucket={bucket} />}
      <section className="section" aria-labelledby="changes-title">
        <h2 id="changes-title" className="section-title">
          Changes <span className="muted small">{changes.length}{list.hasNextPage ? '+' : ''}</span>
          {list.isFetching && <span className="muted small" aria-live="polite">updating…</span>}
        </h2>
        {changes.length === 0 ? (
          filtered ? (
            <Empty title="No change matches these filters"><p>Widen the time range or clear a filter.</p></Empty>
          ) : (
            <Empty title="No changes recorded in this time range">
              <p>
                Record one from a pipeline with <code>tally change record --entity checkout --kind deploy --summary "v1.2.3"</code>, or send
                GitHub deployment webhooks or PagerDuty change events to Tally (see the docs).
              </p>
            </Empty>
          )
        ) : (
          <ChangeList changes={changes} label="Changes, newest first" />
        )}
        {list.hasNextPage && (
          <button type="button" className="button block" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </>
  );
}
