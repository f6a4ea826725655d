// What the grade means right now: the deploy window, build priority, SRE support level.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/client.ts';
import { useBuildPriority, useDeployDecision, useSupport } from '../../api/policies.ts';
import { formatTime, relativeTime } from '../../components/format.ts';
import { Card } from '../../components/Section.tsx';

function Part<T>({ label, query, render }: { label: string; query: UseQueryResult<T>; render(d: T): ReactNode }) {
  let body: ReactNode;
  if (query.isPending) body = <span className="muted">…</span>;
  else if (query.isError) body = <span className="muted">{query.error instanceof ApiError && query.error.status === 404 ? 'No policy applies yet' : 'Unavailable'}</span>;
  else body = render(query.data);
  return <div><dt>{label}</dt><dd>{body}</dd></div>;
}

export function Consequences({ entityRef }: { entityRef: string }) {
  const deploy = useDeployDecision(entityRef);
  const build = useBuildPriority(entityRef);
  const support = useSupport(entityRef);
  return (
    <Card title="What the grade means now">
      <dl className="facts facts-stack">
        <Part label="Deploy" query={deploy} render={(d) => (
          <>
            <span className={`pill ${d.allowed ? 'pill-ok' : 'pill-danger'}`}>{d.allowed ? 'Open now' : 'Closed now'}</span>{' '}
            <span>{d.reason}</span>
            {!d.allowed && d.nextWindowStart && (
              <div className="muted small">Next window: <time dateTime={d.nextWindowStart}>{formatTime(d.nextWindowStart)}</time> ({relativeTime(d.nextWindowStart)})</div>
            )}
          </>
        )} />
        <Part label="Build priority" query={build} render={(b) => <span><strong>{b.priority}</strong> <span className="muted small">(higher runs first)</span></span>} />
        <Part label="SRE support" query={support} render={(s) => (
          <>
            <span className={`pill pill-support-${s.level}`}>{s.level}</span> <span>{s.reason}</span>
            {s.toRegain.length > 0 && (
              <ul className="small regain">
                {s.toRegain.map((r) => <li key={r.requirement}>{r.title} <span className="muted">+{r.points.toFixed(1)}</span></li>)}
              </ul>
            )}
          </>
        )} />
      </dl>
    </Card>
  );
}
