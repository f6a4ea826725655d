// Deploy decisions: how often pipelines asked "may I deploy now?", how often the grade said no,
// and every break-glass override, per team and service. `?days=` is a permalink.
import type { ReactNode } from 'react';
import { useDeploysReport, type DeploysReport } from '../../api/reports.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { formatTime } from '../../components/format.ts';
import { PageHead } from '../../components/PageHead.tsx';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Card } from '../../components/Section.tsx';
import { Select } from '../../components/Select.tsx';
import { Empty } from '../../components/States.tsx';
import { TeamLink } from '../../components/TeamLink.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import './workflows.css';

const DAYS = ['1', '7', '30', '90'];

export default function DeploysPage() {
  const [params, setParams] = useQueryParams(['days'] as const);
  const days = DAYS.includes(params.days) ? Number(params.days) : 30;
  // Whole minutes, so the query key (and the server's answer) is stable between renders.
  const from = new Date(Math.floor(Date.now() / 60_000) * 60_000 - days * 86_400_000).toISOString();
  const query = useDeploysReport({ from });
  return (
    <>
      <PageHead title="Deploy decisions" lead="Pipelines ask Tally before each deploy; the grade's deploy window answers. Denials and break-glass overrides show where grades hold teams back." />
      <div className="filters">
        <Select label="Period" value={params.days} anyLabel="Default (30 days)" options={DAYS.map((d) => ({ value: d, label: d === '1' ? '24 hours' : `${d} days` }))} onChange={(v) => setParams({ days: v })} />
      </div>
      <QueryBody query={query} label="Loading deploy decisions…">{(data) => <Report data={data} />}</QueryBody>
    </>
  );
}

function Report({ data }: { data: DeploysReport }) {
  if (data.totals.decisions === 0 && data.overrides.length === 0) {
    return (
      <Empty title="No deploy decision in this period">
        <p>Pipelines ask with <code>tally deploy-check &lt;service&gt;</code> or <code>GET /api/v1/entities/&#123;ref&#125;/deploy-decision</code>; each answer is counted here.</p>
      </Empty>
    );
  }
  return (
    <>
      <dl className="figures" aria-label="Totals">
        <div className="figure"><dt>Decisions</dt><dd>{data.totals.decisions}</dd></div>
        <div className="figure"><dt>Denied</dt><dd>{data.totals.denials}</dd></div>
        <div className="figure"><dt>Break-glass deploys</dt><dd>{data.totals.breakGlass}</dd></div>
        <div className="figure"><dt>Overrides created</dt><dd>{data.totals.overridesCreated}</dd></div>
      </dl>
      <div className="grid-2 section">
        <Counts title="Per team" rows={data.teams.map((t) => ({ key: t.team, label: <TeamLink teamRef={t.team} />, ...t }))} />
        <Counts title="Per service" rows={data.services.map((s) => ({ key: s.ref, label: <EntityLink entityRef={s.ref} report />, ...s }))} />
      </div>
      {data.overrides.length > 0 && <Overrides data={data} />}
    </>
  );
}

function Counts({ title, rows }: { title: string; rows: { key: string; label: ReactNode; decisions: number; denials: number; breakGlass: number }[] }) {
  return (
    <Card title={title}>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th scope="col">{title === 'Per team' ? 'Team' : 'Service'}</th><th scope="col" className="num">Decisions</th><th scope="col" className="num">Denied</th><th scope="col" className="num">Break-glass</th></tr></thead>
          <tbody>
            {rows.map((r) => <tr key={r.key}><td>{r.label}</td><td className="num">{r.decisions}</td><td className="num">{r.denials}</td><td className="num">{r.breakGlass}</td></tr>)}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function Overrides({ data }: { data: DeploysReport }) {
  return (
    <Card title="Break-glass overrides">
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th scope="col">Service</th><th scope="col">Reason</th><th scope="col">By</th><th scope="col">Until</th><th scope="col" className="num">Used</th></tr></thead>
          <tbody>
            {data.overrides.map((o) => (
              <tr key={o.id}><td><EntityLink entityRef={o.entity} report /></td><td className="wrap">{o.reason}</td><td>{o.createdBy}<div className="muted small">{formatTime(o.createdAt)}</div></td><td>{formatTime(o.expiresAt)}</td><td className="num">{o.used}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
