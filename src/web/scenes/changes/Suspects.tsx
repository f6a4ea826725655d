// "What changed just before it broke?": the ranked suspects for a problem on one service.
import { Link } from 'react-router';
import { shortRef } from '../../../common/refs.ts';
import { useSuspects } from '../../api/changes.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { formatTime } from '../../components/format.ts';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { ChangeList } from './ChangeList.tsx';

export function Suspects({ entity, at, window }: { entity: string; at: string; window: string }) {
  const query = useSuspects({ entity, at, window: window || '2h' });
  const bySuspect = new Map((query.data ?? []).map((s) => [s.change.id, s]));
  return (
    <section className="section" aria-labelledby="suspects-title">
      <div className="page-head-row">
        <h2 id="suspects-title" className="section-title">
          Suspects for a problem on <EntityLink entityRef={entity} report label={shortRef(entity)} /> at <time dateTime={at}>{formatTime(at)}</time>
        </h2>
        <Link to="/changes" className="button button-ghost">Back to all changes</Link>
      </div>
      <p className="muted">Changes in the {window || '2h'} before, here or in what it depends on, most suspicious first. Each reason says what raised the score.</p>
      {query.isPending ? (
        <Loading rows={4} label="Ranking suspects…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : query.data.length === 0 ? (
        <Empty title="No change in that window">
          <p>Nothing was recorded for this service or its dependencies in the {window || '2h'} before. The cause may be outside the change database.</p>
        </Empty>
      ) : (
        <ChangeList
          label="Suspect changes, most likely first"
          changes={query.data.map((s) => s.change)}
          extra={(c) => {
            const s = bySuspect.get(c.id)!;
            return (
              <div className="suspect">
                <meter min={0} max={100} value={s.score} aria-label="Suspicion score" className="suspect-meter" />
                <strong>{Math.round(s.score)}</strong>
                <ul className="reasons">{s.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
              </div>
            );
          }}
        />
      )}
    </section>
  );
}
