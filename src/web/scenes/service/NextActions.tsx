// "To reach the next grade, fix …": failing requirements ranked by the points each would bring.
import type { ScorecardScore } from '../../api/scores.ts';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { Card } from '../../components/Section.tsx';

export function NextActions({ score }: { score: ScorecardScore }) {
  const actions = score.nextBestActions.slice(0, 8);
  const title = score.nextGrade ? <>To reach <GradeBadge grade={score.nextGrade} />, fix…</> : 'What to fix next';
  return (
    <Card title={title} className="next-actions">
      {actions.length === 0 ? (
        <p className="muted">Nothing to fix: every requirement passes or is exempt.</p>
      ) : (
        <>
          {score.nextGrade && score.pointsToNextGrade !== null && (
            <p className="muted small">
              {score.pointsToNextGrade > 0
                ? `${score.pointsToNextGrade.toFixed(1)} points missing to ${score.nextGrade}.`
                : `The score is high enough for ${score.nextGrade}; a failing gate holds the grade down.`}
            </p>
          )}
          <ol className="action-list">
            {actions.map((a) => (
              <li key={a.requirement} className="action">
                <span className="action-points" title="Score points gained if this passed">+{a.points.toFixed(1)}</span>
                <span className="action-title">
                  {a.title}
                  <span className="action-tags">
                    <StateBadge state={a.state} graced={a.graced} />
                    {a.liftsGate && <span className="chip chip-warning">lifts the gate</span>}
                    {a.gradeIfFixed && a.gradeIfFixed !== score.grade && <span className="muted small">→ <GradeBadge grade={a.gradeIfFixed} /></span>}
                  </span>
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Card>
  );
}
