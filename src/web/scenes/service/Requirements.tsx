// Requirements grouped by category, each saying what to do: a failing one shows how to pass (the
// requirement's description) and the objects at fault as links; a passing one what was observed.
// A requirement opens to show why it matters, its waiver, the raw evidence and its actions.
import { useState } from 'react';
import { Link } from 'react-router';
import { evidenceObjects } from '../../../common/evidence.ts';
import type { RequirementResult } from '../../api/scores.ts';
import { StateBadge } from '../../components/StateBadge.tsx';
import { formatDate } from '../../components/format.ts';
import { EvidenceObjects, InlineCode } from './EvidenceObjects.tsx';

/** Worst first inside a category, so what needs fixing is on top. */
const ORDER = ['error', 'fail', 'stale', 'warn', 'exempt', 'pass', 'n/a'];
const NEEDS_WORK = new Set(['fail', 'error', 'stale', 'warn']);

export interface RequirementActions {
  entityRef: string;
  scorecard: string;
  /** Requirement ids checked by hand (`manual`): they can be attested. */
  manual: ReadonlySet<string>;
  onRequestWaiver?(r: RequirementResult): void;
}

export function Requirements({ requirements, actions }: { requirements: RequirementResult[]; actions: RequirementActions }) {
  const groups = new Map<string, RequirementResult[]>();
  for (const r of requirements) groups.set(r.category || 'general', [...(groups.get(r.category || 'general') ?? []), r]);
  const needing = (reqs: RequirementResult[]) => reqs.filter((r) => NEEDS_WORK.has(r.state)).length;
  // Categories with the most to fix first; then by name.
  const sorted = [...groups.entries()].sort(([a, ra], [b, rb]) => needing(rb) - needing(ra) || a.localeCompare(b));
  return (
    <div className="req-groups">
      {sorted.map(([category, reqs]) => (
        <section key={category} className="req-group" aria-label={`${category} requirements`}>
          <h3 className="card-subtitle">
            {category} <span className="muted">{reqs.filter((r) => r.state === 'pass').length}/{reqs.length} passing</span>
          </h3>
          <ul className="req-list">
            {[...reqs].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || b.weight - a.weight).map((r) => (
              <RequirementRow key={r.id} req={r} actions={actions} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function RequirementRow({ req: r, actions }: { req: RequirementResult; actions: RequirementActions }) {
  const [open, setOpen] = useState(false);
  const id = `req-${r.id}`;
  const needsWork = NEEDS_WORK.has(r.state);
  const objects = evidenceObjects(r.evidence);
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
      {r.message && <p className="req-message">{needsWork ? r.message : <>Observed: {r.message}</>}</p>}
      <EvidenceObjects objects={objects} entityRef={actions.entityRef} heading={needsWork ? 'Fix:' : 'Seen:'} />
      {needsWork && r.description && <p className="req-howto"><strong>How to pass: </strong><InlineCode text={r.description} /></p>}
      {open && <RequirementDetails req={r} needsWork={needsWork} actions={actions} id={`${id}-details`} />}
    </li>
  );
}

function RequirementDetails({ req: r, needsWork, actions, id }: { req: RequirementResult; needsWork: boolean; actions: RequirementActions; id: string }) {
  const attest = `/attestations?${new URLSearchParams({ scorecard: actions.scorecard, requirement: r.id, entity: actions.entityRef })}`;
  return (
    <div id={id} className="req-details">
      {!needsWork && r.description && <p><strong>How to pass: </strong><InlineCode text={r.description} /></p>}
      {r.rationale && <p><strong>Why it matters: </strong>{r.rationale}</p>}
      {r.waiver && (
        <p className="notice">
          <strong>Waiver: </strong>{r.waiver.reason} — until {formatDate(r.waiver.expiresAt)}
          {r.waiver.approvedBy && <> · approved by {r.waiver.approvedBy}</>}
        </p>
      )}
      <div>
        <strong>Evidence</strong> <span className="muted small">since {formatDate(r.since)}</span>
        {r.evidence === undefined || r.evidence === null ? (
          <p className="muted">No evidence was recorded.</p>
        ) : (
          <pre className="evidence" tabIndex={0} aria-label={`Evidence for ${r.title}`}>{typeof r.evidence === 'string' ? r.evidence : JSON.stringify(r.evidence, null, 2)}</pre>
        )}
      </div>
      <p className="muted small">Requirement id <code>{r.id}</code></p>
      <div className="row-gap">
        {actions.manual.has(r.id) && <Link className="button button-small" to={attest}>Attest…</Link>}
        {actions.onRequestWaiver && needsWork && !r.waiver && (
          <button type="button" className="button button-small" onClick={() => actions.onRequestWaiver?.(r)}>Request a waiver</button>
        )}
      </div>
    </div>
  );
}
