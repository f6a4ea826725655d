// The objects a requirement's result names, as links a team can act on: an entity's report card
// (or catalog page), a dependency edge with the rule it breaks, a change in the change database,
// an external URL. Rendered from `evidence.objects` (src/common/evidence.ts).
import { Link } from 'react-router';
import type { EvidenceObject } from '../../api/scores.ts';
import { bestPath } from '../../../common/links.ts';

/** The changes page, searched for this change's summary on this service. */
const changePath = (o: EvidenceObject, entityRef: string) => `/changes?${new URLSearchParams({ entity: entityRef, q: o.label.slice(0, 200), range: '90d' })}`;
/** The graph, focused on this service: its panel lists the rules it breaks. */
const rulePath = (entityRef: string) => `/graph?${new URLSearchParams({ focus: entityRef })}`;

function ObjectLink({ o, entityRef }: { o: EvidenceObject; entityRef: string }) {
  if (o.kind === 'url' && o.url) return <a href={o.url} target="_blank" rel="noreferrer">{o.label}</a>;
  if (o.kind === 'change') return <Link to={changePath(o, entityRef)}>{o.label}</Link>;
  if (o.kind === 'rule') return <Link to={rulePath(entityRef)}>{o.label}</Link>;
  const to = o.ref ? bestPath(o.ref) : undefined;
  return to ? <Link to={to}>{o.label}</Link> : <span>{o.label}</span>;
}

const KIND_LABEL: Record<EvidenceObject['kind'], string> = { entity: 'entity', edge: 'dependency', change: 'change', rule: 'rule', url: 'link' };

export function EvidenceObjects({ objects, entityRef, heading }: { objects: EvidenceObject[]; entityRef: string; heading: string }) {
  if (objects.length === 0) return null;
  return (
    <div className="evidence-objects">
      <span className="evidence-heading">{heading}</span>
      <ul>
        {objects.map((o, i) => (
          <li key={`${o.kind}-${o.ref ?? o.url ?? o.label}-${i}`}>
            <span className="chip chip-kind">{KIND_LABEL[o.kind]}</span> <ObjectLink o={o} entityRef={entityRef} />
            {o.rule && o.kind !== 'rule' && <> <span className="muted small">breaks</span> <Link className="small" to={rulePath(entityRef)}>{o.rule}</Link></>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** `code` spans in a requirement's description (it is written in Markdown-ish text). */
export function InlineCode({ text }: { text: string }) {
  return <>{text.split(/(`[^`]+`)/).map((part, i) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? <code key={i}>{part.slice(1, -1)}</code> : part))}</>;
}
