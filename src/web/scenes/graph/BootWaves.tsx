// Boot order: if everything restarted at once, wave 1 comes up first, then wave 2, …
// Blocked nodes sit on a cycle or wait on one, and never come up.
import { shortRef } from '../../../common/refs.ts';
import type { BootOrder, Cycle, GraphEdge } from '../../api/graph.ts';
import { EntityLink } from '../../components/EntityLink.tsx';

interface Props {
  order: BootOrder;
  cycles: Cycle[];
  edges: GraphEdge[];
  /** Only these nodes (the system filter); all when undefined. */
  only?: Set<string>;
}

function blockedReason(node: string, cycles: Cycle[], edges: GraphEdge[], blocked: Set<string>): string {
  const on = cycles.find((c) => c.nodes.includes(node));
  if (on) return `on the cycle ${[...on.nodes, on.nodes[0]].map(shortRef).join(' → ')}`;
  const waits = edges.filter((e) => e.from === node && e.via !== 'partOf' && blocked.has(e.to)).map((e) => shortRef(e.to));
  return waits.length ? `waits on ${[...new Set(waits)].join(', ')}, which cannot boot` : 'waits on a node that cannot boot';
}

export function BootWaves({ order, cycles, edges, only }: Props) {
  const keep = (r: string) => !only || only.has(r);
  const blockedAll = new Set(order.blocked);
  const waves = order.waves.map((w, i) => ({ n: i + 1, refs: w.filter(keep) })).filter((w) => w.refs.length > 0);
  const blocked = order.blocked.filter(keep);
  return (
    <div className="boot">
      <ol className="waves" aria-label="Boot waves">
        {waves.map((wave) => (
          <li key={wave.n} className="wave card">
            <h3 className="card-subtitle">Wave {wave.n} <span className="muted small">· {wave.refs.length}</span></h3>
            <ul className="link-list">
              {wave.refs.map((r) => <li key={r}><EntityLink entityRef={r} /></li>)}
            </ul>
          </li>
        ))}
      </ol>
      <section className="card" aria-labelledby="blocked-title">
        <h2 id="blocked-title" className="card-title">
          Blocked <span className={`count ${blocked.length ? 'count-danger' : 'count-ok'}`}>{blocked.length}</span>
        </h2>
        {blocked.length === 0 ? (
          <p className="muted">Nothing is blocked: everything comes back after a full restart.</p>
        ) : (
          <ul className="finding-list finding-grid">
            {blocked.map((r) => (
              <li key={r} className="finding finding-danger">
                <EntityLink entityRef={r} />
                <span className="muted small">{blockedReason(r, cycles, edges, blockedAll)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
