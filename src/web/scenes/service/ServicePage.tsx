// A service's report card: grade and why, what to fix next, what the grade means now, history,
// dependencies and recent changes. `?scorecard=` picks the scorecard; `?whyFrom=&whyTo=` the diff.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatRef } from '../../../common/refs.ts';
import { ApiError } from '../../api/client.ts';
import { useEntity, type EntityItem } from '../../api/entities.ts';
import { useScorecard } from '../../api/scorecards.ts';
import { useHistory, useScores, type RequirementResult, type ScorecardScore } from '../../api/scores.ts';
import { useAuth } from '../../components/auth.tsx';
import { daysAgo, isoDay } from '../../components/format.ts';
import { Card } from '../../components/Section.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { useTitle } from '../../components/useTitle.ts';
import { ServiceErrors } from '../errors/ServiceErrors.tsx';
import { Consequences } from './Consequences.tsx';
import { Dependencies } from './Dependencies.tsx';
import { History } from './History.tsx';
import { NextActions } from './NextActions.tsx';
import { RecentChanges } from './RecentChanges.tsx';
import { Requirements } from './Requirements.tsx';
import { ServiceHeader } from './ServiceHeader.tsx';
import { WaiverDialog } from './WaiverDialog.tsx';
import { WhyDiff } from './WhyDiff.tsx';
import './report.css';

export default function ServicePage() {
  const { namespace = 'default', name = '' } = useParams();
  const ref = formatRef({ kind: 'component', namespace, name });
  const entity = useEntity(ref);
  const scores = useScores(ref);
  useTitle(entity.data?.metadata.title ?? name);

  if (entity.isPending) return <Loading rows={10} label={`Loading ${name}…`} />;
  if (entity.isError) {
    if (entity.error instanceof ApiError && entity.error.status === 404) {
      return (
        <Empty title={`No service ${name}`}>
          <p>It may have been renamed or removed. <Link to={`/?q=${encodeURIComponent(name)}`}>Search the leaderboard</Link>.</p>
        </Empty>
      );
    }
    return <ErrorState error={entity.error} onRetry={() => entity.refetch()} />;
  }
  return <ReportCard entity={entity.data} scores={scores} />;
}

function ReportCard({ entity, scores }: { entity: EntityItem; scores: ReturnType<typeof useScores> }) {
  const [params, setParams] = useQueryParams(['scorecard', 'whyFrom', 'whyTo'] as const);
  const list = scores.data?.scorecards ?? [];
  const score = list.find((s) => s.scorecard === params.scorecard) ?? list[0];
  return (
    <>
      <ServiceHeader entity={entity} score={score} />
      {list.length > 1 && (
        <nav aria-label="Scorecards" className="segmented tabs">
          {list.map((s) => (
            <button key={s.scorecard} type="button" aria-pressed={s === score} onClick={() => setParams({ scorecard: s.scorecard })}>{s.title ?? s.scorecard}</button>
          ))}
        </nav>
      )}
      {scores.isPending ? <Loading rows={8} label="Loading the report card…" /> : scores.isError && !(scores.error instanceof ApiError && scores.error.status === 404) ? (
        <ErrorState error={scores.error} onRetry={() => scores.refetch()} />
      ) : !score ? (
        <Empty title="Not graded yet">
          <p>No scorecard has evaluated this service. Check that a scorecard applies to it (<Link to="/scorecards">scorecards</Link>), then run <code>tally evaluate</code> (with an editor token).</p>
        </Empty>
      ) : (
        <Graded entity={entity} score={score} params={params} setParams={setParams} />
      )}
      <div className="grid-2 section">
        <Dependencies entity={entity} />
        <RecentChanges entityRef={entity.ref} />
      </div>
      <ServiceErrors entityRef={entity.ref} />
    </>
  );
}

function Graded({ entity, score, params, setParams }: { entity: EntityItem; score: ScorecardScore; params: { whyFrom: string; whyTo: string }; setParams(p: Record<string, string>): void }) {
  const [waiverFor, setWaiverFor] = useState<RequirementResult | null>(null);
  const { token } = useAuth();
  const historyFrom = new Date(isoDay(daysAgo(90))).toISOString();
  const history = useHistory(entity.ref, { scorecard: score.scorecard, from: historyFrom });
  const firstGradedAt = history.data?.grades.map((g) => g.from).sort()[0];
  const card = useScorecard(score.scorecard);
  const manual = new Set((card.data?.requirements ?? []).filter((r) => r.checkType === 'manual').map((r) => r.id));
  const actions = { entityRef: entity.ref, scorecard: score.scorecard, manual, onRequestWaiver: setWaiverFor };
  return (
    <>
      <div className="report-grid">
        <Card title="Requirements" extra={<span className="muted small">{token ? 'open a requirement to see its evidence or ask for a waiver' : 'open a requirement to see its evidence'}</span>} className="report-main">
          <Requirements requirements={score.requirements} actions={actions} />
        </Card>
        <div className="report-side">
          <NextActions score={score} />
          <Consequences entityRef={entity.ref} />
        </div>
      </div>
      <div className="grid-2 section">
        <History entityRef={entity.ref} scorecard={score.scorecard} from={historyFrom} />
        {history.isSuccess && <WhyDiff entityRef={entity.ref} scorecard={score.scorecard} from={params.whyFrom} to={params.whyTo} firstGradedAt={firstGradedAt} setRange={setParams} />}
      </div>
      <WaiverDialog entityRef={entity.ref} scorecard={score.scorecard} requirement={waiverFor} onClose={() => setWaiverFor(null)} />
    </>
  );
}
