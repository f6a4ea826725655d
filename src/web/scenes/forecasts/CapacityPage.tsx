// The capacity planner: machines and workloads (JSON) in, the placement out — each heuristic's
// machines against the lower bound, the best plan's utilisation per machine, and the moves from
// where the workloads run now.
import { useState } from 'react';
import { Link } from 'react-router';
import { useCapacityPlan } from '../../api/forecasts.ts';
import { PageHead } from '../../components/PageHead.tsx';
import { Card } from '../../components/Section.tsx';
import { ErrorState } from '../../components/States.tsx';
import './forecasts.css';

const m = (name: string, cpu: number, memory: number) => ({ name, capacity: { cpu, memory } });
const w = (name: string, cpu: number, memory: number, machine: string) => ({ name, demand: { cpu, memory }, machine });
const EXAMPLE = JSON.stringify({
  machines: [m('rack1-a', 64, 256), m('rack1-b', 64, 256), m('rack1-c', 64, 256), m('big-1', 128, 1024)],
  workloads: [w('payments-api', 24, 48, 'rack1-a'), w('checkout', 20, 32, 'rack1-a'), w('payments-db', 16, 192, 'rack1-b'), w('search', 40, 160, 'big-1'), w('catalog-api', 12, 24, 'rack1-c'), w('inventory', 10, 40, 'rack1-c')],
}, null, 2);

export default function CapacityPage() {
  const [text, setText] = useState(EXAMPLE);
  const [parseError, setParseError] = useState<string | null>(null);
  const plan = useCapacityPlan();
  const submit = () => {
    try {
      const input = JSON.parse(text) as unknown;
      setParseError(null);
      plan.mutate(input);
    } catch (err) {
      setParseError(`not JSON: ${(err as Error).message}`);
    }
  };
  const p = plan.data;
  return (
    <>
      <PageHead title="Capacity planner" lead="Place workloads on machines in every dimension at once, against the lower bound, with the fewest moves from today's placement.">
        <Link className="button" to="/forecasts">Forecasts</Link>
      </PageHead>
      <div className="forecast-grid">
        <Card title="Machines and workloads">
          <label htmlFor="capacity-input" className="small muted">{'{machines: [{name, capacity: {cpu, memory, …}}], workloads: [{name, demand: {…}, machine?}]}'}</label>
          <textarea id="capacity-input" className="capacity-input" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          <p><button type="button" className="button button-primary" onClick={submit} disabled={plan.isPending}>Plan</button></p>
          {parseError && <p role="alert" className="small">{parseError}</p>}
          {plan.isError && <ErrorState error={plan.error} />}
        </Card>
        {p && (
          <Card title="Plan">
            <p className="forecast-why" data-testid="plan-summary">Best: {p.heuristic} — {p.machinesUsed} machines, lower bound {p.lowerBound}, ratio {p.ratio}; {p.moves.length} moves{p.unplaced.length ? `; ${p.unplaced.length} unplaced: ${p.unplaced.join(', ')}` : ''}.</p>
            <table className="table">
              <thead><tr><th>Heuristic</th><th>Machines</th><th>÷ lower bound</th></tr></thead>
              <tbody>{p.heuristics.map((h) => <tr key={h.heuristic}><td>{h.heuristic}</td><td>{h.machinesUsed}</td><td>{(h.machinesUsed / Math.max(1, p.lowerBound)).toFixed(3)}</td></tr>)}</tbody>
            </table>
            <h3>Machines</h3>
            <table className="table">
              <thead><tr><th>Machine</th>{p.dimensions.map((d) => <th key={d}>{d} %</th>)}<th>Workloads</th></tr></thead>
              <tbody>{p.machines.map((x) => <tr key={x.machine}><td>{x.machine}</td>{p.dimensions.map((d) => <td key={d}>{x.utilisation[d]}</td>)}<td className="small">{p.placements.filter((pl) => pl.machine === x.machine).map((pl) => pl.workload).join(', ')}</td></tr>)}</tbody>
            </table>
            <h3>Moves</h3>
            {p.moves.length === 0 ? <p className="muted">None: every workload stays where it is.</p> : <ul>{p.moves.map((mv) => <li key={mv.workload}>{mv.workload}: {mv.from} → {mv.to ?? 'unplaced'}</li>)}</ul>}
          </Card>
        )}
      </div>
    </>
  );
}
