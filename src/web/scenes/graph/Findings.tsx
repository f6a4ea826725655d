// Cycles and rule violations as text: the accessible twin of the red and orange edges.
import { shortRef } from '../../../common/refs.ts';
import type { Cycle, Violation } from '../../api/graph.ts';

function RefButton({ r, onSelect }: { r: string; onSelect(ref: string): void }) {
  return <button type="button" className="link-button" onClick={() => onSelect(r)}>{shortRef(r)}</button>;
}

export function CycleList({ cycles, onSelect }: { cycles: Cycle[]; onSelect(ref: string): void }) {
  return (
    <section className="card" aria-labelledby="cycles-title">
      <h2 id="cycles-title" className="card-title">
        Cycles <span className={`count ${cycles.length ? 'count-danger' : 'count-ok'}`}>{cycles.length}</span>
      </h2>
      {cycles.length === 0 ? (
        <p className="muted">No dependency cycles: if every server rebooted at once, everything could come back.</p>
      ) : (
        <ol className="finding-list" aria-label="Dependency cycles">
          {cycles.map((c, i) => (
            <li key={i} className="finding finding-danger">
              <span className="finding-path">
                {[...c.nodes, c.nodes[0]].map((n, j) => (
                  <span key={j}>{j > 0 && <span aria-hidden="true"> → </span>}<RefButton r={n} onSelect={onSelect} /></span>
                ))}
              </span>
              <span className="muted small">{c.nodes.length} nodes wait on each other; none can boot first.</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function ViolationList({ violations, onSelect }: { violations: Violation[]; onSelect(ref: string): void }) {
  return (
    <section className="card" aria-labelledby="violations-title">
      <h2 id="violations-title" className="card-title">
        Rule violations <span className={`count ${violations.length ? 'count-warning' : 'count-ok'}`}>{violations.length}</span>
      </h2>
      {violations.length === 0 ? (
        <p className="muted">Every dependency follows the rules.</p>
      ) : (
        <ul className="finding-list" aria-label="Dependency rule violations">
          {violations.map((v, i) => (
            <li key={i} className="finding finding-warning">
              <span className="finding-path">
                <RefButton r={v.from} onSelect={onSelect} /> <span aria-hidden="true">→</span><span className="visually-hidden">depends on</span> <RefButton r={v.to} onSelect={onSelect} />
              </span>
              <span className="small">{v.message}</span>
              <span className="muted small">rule <code>{v.rule}</code></span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
