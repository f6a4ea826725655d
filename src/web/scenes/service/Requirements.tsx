// Requirements grouped by category: state, message; expandable evidence, rationale and waiver.
import { useState } from 'react';
import type { RequirementResult } from '../../api/scores.ts';
import { StateBadge } from '../../components/StateBadge.tsx';
import { formatDate } from '../../components/format.ts';

/** Worst first inside a category, so what needs fixing is on top. */
const ORDER = ['error', 'fail', 'stale', 'warn', 'exempt', 'pass', 'n/a'];
const NEEDS_WORK = new Set(['fail', 'error', 'stale', 'warn']);

export function Requirements({ requirements, onRequestWaiver }: { requirements: RequirementResult[]; onRequestWaiver?(r: RequirementResult): void }) {
  const groups = new Map<string, RequirementResult[]>();
  for (const r of requirements) {
    const cat = r.category || 'general';
    groups.set(cat, [...(groups.get(cat) ?? []), r]);
  }
  const needing = (reqs: RequirementResult[]) => reqs.filter((r) => NEEDS_WORK.has(r.state)).length;
  // Categories with the most to fix first; then by name.
  const sorted = [...groups.entries()].sort(([a, ra], [b, rb]) => needing(rb) - needing(ra) || a.localeCompare(b));
  return (
    <div className="req-groups">
      {sorted.map(([category, reqs]) => {
        const passing = reqs.filter((r) => r.state === 'pass').length;
        return (
          <section key={category} className="req-group" aria-label={`${category} requirements`}>
            <h3 className="card-subtitle">
              {category} <span className="muted">{passing}/{reqs.length} passing</span>
            </h3>
            <ul className="req-list">
              {[...reqs].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || b.weight - a.weight).map((r) => (
                <RequirementRow key={r.id} req={r} onRequestWaiver={onRequestWaiver && NEEDS_WORK.has(r.state) && !r.waiver ? () => onRequestWaiver(r) : undefined} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function RequirementRow({ req: r, onRequestWaiver }: { req: RequirementResult; onRequestWaiver?(): void }) {
  const [open, setOpen] = useState(false);
  const id = `req-${r.id}`;
  return (
    <li className={`req req-${r.state.replace('/', '')}`}>
      <div className="req-line">
        <StateBadge state={r.state} graced={r.graced} />
        <button type="button" className="req-title link-button" aria-expanded={open} aria-controls={`${id}-details`} onClick={() => setOpen(!open)}>
          {r.title}
        </button>
        <span className="req-meta muted small">
          weight {r.weight}
          {r.gate && <> · <span title={`While this fails, the grade is at most ${r.gate}`}>gate {r.gate}</span></>}
        </span>
      </div>
      {r.message && <p className="req-message">{r.message}</p>}
      {open && (
        <div id={`${id}-details`} className="req-details">
          {r.rationale && (
            <p><strong>Why it matters: </strong>{r.rationale}</p>
          )}
          {r.waiver && (
            <p className="notice">
              <strong>Waiver{r.waiver.status ? ` (${r.waiver.status})` : ''}: </strong>{r.waiver.reason}
              {r.waiver.expiresAt && <> — until {formatDate(r.waiver.expiresAt)}</>}
              {r.waiver.requestedBy && <> · asked by {r.waiver.requestedBy}</>}
            </p>
          )}
          <div>
            <strong>Evidence</strong>
            {r.observedAt && <span className="muted small"> observed {formatDate(r.observedAt)}</span>}
            {r.evidence === undefined || r.evidence === null ? (
              <p className="muted">No evidence was recorded.</p>
            ) : (
              <pre className="evidence" tabIndex={0} aria-label={`Evidence for ${r.title}`}>{typeof r.evidence === 'string' ? r.evidence : JSON.stringify(r.evidence, null, 2)}</pre>
            )}
          </div>
          <p className="muted small">Requirement id <code>{r.id}</code></p>
          {onRequestWaiver && (
            <button type="button" className="button button-small" onClick={onRequestWaiver}>Request a waiver</button>
          )}
        </div>
      )}
    </li>
  );
}
