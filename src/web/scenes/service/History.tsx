// Score history: the chart (lazy uPlot) plus the grade changes as an accessible list.
import { lazy, Suspense } from 'react';
import { useHistory, type GradeInterval } from '../../api/scores.ts';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { formatScore, formatTime } from '../../components/format.ts';
import { Card } from '../../components/Section.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useThemeName } from '../../components/theme.ts';

const ScoreChart = lazy(() => import('./ScoreChart.tsx'));

export function History({ entityRef, scorecard, from }: { entityRef: string; scorecard: string; from: string }) {
  const query = useHistory(entityRef, { scorecard, from });
  const theme = useThemeName(); // the chart's colours are CSS variables of the theme: redraw on a toggle
  let body;
  if (query.isPending) body = <Loading rows={4} label="Loading the score history…" />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else if (query.data.grades.length === 0) body = <p className="muted">No history yet: it starts with the first evaluation.</p>;
  else body = (
    <>
      <Suspense fallback={<div className="score-chart" />}>
        <ScoreChart grades={query.data.grades} bands={query.data.bands} theme={theme} />
      </Suspense>
      <GradeChanges grades={query.data.grades} />
    </>
  );
  return <Card title="Score history" extra={<span className="muted small">last 90 days</span>}>{body}</Card>;
}

function GradeChanges({ grades }: { grades: GradeInterval[] }) {
  const recent = [...grades].sort((a, b) => b.from.localeCompare(a.from)).slice(0, 6);
  return (
    <details className="grade-changes">
      <summary>Grade changes ({grades.length})</summary>
      <ol className="link-list">
        {recent.map((g) => (
          <li key={g.from}>
            <GradeBadge grade={g.grade} /> {formatScore(g.score)} since <time dateTime={g.from}>{formatTime(g.from)}</time>{' '}
            <span className="muted small">rubric {g.version.slice(0, 8)}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
