// Manual requirements (check type `manual`): a person attests that a drill was done or a runbook
// reviewed. Lists each manual requirement with every graded service's state; an editor attests.
// `?scorecard=&requirement=&entity=` narrows the list (the report card's "Attest…" links here).
import { useState } from 'react';
import { useTeams } from '../../api/leaderboard.ts';
import { useScorecard, useScorecardResults, useScorecards, type ScorecardRequirement, type ScorecardResults } from '../../api/scorecards.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { PageHead } from '../../components/PageHead.tsx';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Card } from '../../components/Section.tsx';
import { Select } from '../../components/Select.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { Empty } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { AttestDialog, type AttestTarget } from './AttestDialog.tsx';
import './workflows.css';

export default function AttestationsPage() {
  const [params, setParams] = useQueryParams(['scorecard', 'requirement', 'entity'] as const);
  const list = useScorecards();
  // Unless one is chosen: the scorecard the leaderboard and policies grade by (the first policy's).
  const board = useTeams();
  const fallback = board.data?.scorecard ?? (board.isError ? list.data?.[0]?.name : undefined);
  const scorecard = params.scorecard || fallback || '';
  const fallbackTitle = list.data?.find((s) => s.name === fallback)?.title;
  return (
    <>
      <PageHead title="Attestations" lead="Some requirements are checked by a person: a drill was run, a runbook reviewed. An editor attests them, with an expiry." />
      <div className="filters">
        <Select label="Scorecard" value={params.scorecard} anyLabel={fallbackTitle ?? 'Default'} options={(list.data ?? []).map((s) => ({ value: s.name, label: s.title }))} onChange={(v) => setParams({ scorecard: v, requirement: '', entity: '' })} />
        {(params.requirement || params.entity) && <button type="button" className="button button-ghost filters-clear" onClick={() => setParams({ requirement: '', entity: '' })}>Show every manual requirement</button>}
      </div>
      {scorecard && <ManualRequirements scorecard={scorecard} requirement={params.requirement} entity={params.entity} />}
    </>
  );
}

function ManualRequirements({ scorecard, requirement, entity }: { scorecard: string; requirement: string; entity: string }) {
  const card = useScorecard(scorecard);
  const results = useScorecardResults(scorecard);
  const [target, setTarget] = useState<AttestTarget | null>(null);
  return (
    <QueryBody query={card} label="Loading the scorecard…">
      {(detail) => {
        const manual = detail.requirements.filter((r) => r.checkType === 'manual' && (!requirement || r.id === requirement));
        if (manual.length === 0) return <Empty title="No manual requirement"><p>This scorecard checks everything automatically. A requirement with <code>check: {'{ type: manual }'}</code> is attested here.</p></Empty>;
        return (
          <QueryBody query={results} label="Loading the results…">
            {(data) => (
              <>
                {manual.map((r) => <RequirementCard key={r.id} req={r} results={data} entity={entity} onAttest={(e) => setTarget({ scorecard, requirement: r, entity: e })} />)}
                <AttestDialog target={target} onClose={() => setTarget(null)} />
              </>
            )}
          </QueryBody>
        );
      }}
    </QueryBody>
  );
}

function RequirementCard({ req, results, entity, onAttest }: { req: ScorecardRequirement; results: ScorecardResults; entity: string; onAttest(entity: string): void }) {
  const rows = results.results
    .filter((x) => !entity || x.entity === entity)
    .flatMap((x) => x.requirements.filter((q) => q.id === req.id && q.status !== 'n/a').map((q) => ({ entity: x.entity, ...q })));
  return (
    <div className="section">
      <Card title={req.title} extra={<code className="small">{req.id}</code>}>
        {req.description && <p>{req.description}</p>}
        {rows.length === 0 ? <p className="muted">No graded service has this requirement{entity ? ' here' : ''}.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th scope="col">Service</th><th scope="col">State</th><th scope="col">What was recorded</th><th scope="col"><span className="visually-hidden">Action</span></th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.entity}>
                    <td><EntityLink entityRef={r.entity} report /></td>
                    <td><StateBadge state={r.status} /></td>
                    <td className="wrap">{r.message}</td>
                    <td><button type="button" className="button button-small" onClick={() => onAttest(r.entity)}>Attest…</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
