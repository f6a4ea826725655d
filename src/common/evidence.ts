// The objects a requirement result names, in its `evidence.objects`, so a report card can show
// them as links instead of raw expressions: the entity, the dependency edge and the rule it
// breaks, the change, the URL probed. One shape for every check type, the API
// (src/common/api/scorecards.ts) and the web UI (docs/scorecards.md, "What a result names").
// Zod-free, so the web UI can read evidence with no schema library in its bundle.

export const EVIDENCE_OBJECT_KINDS = ['entity', 'edge', 'change', 'rule', 'url'] as const;
export type EvidenceObjectKind = (typeof EVIDENCE_OBJECT_KINDS)[number];

export interface EvidenceObject {
  kind: EvidenceObjectKind;
  /** What to show: `recommendations`, `checkout → recommendations`, a change's summary, a URL. */
  label: string;
  /**
   * `entity`: the entity's ref. `edge`: the ref of the entity at the far end (the dependency, the
   * one to link to). `change`: the change's id. Absent for `url` and `rule`.
   */
  ref?: string;
  /** `url`: the URL itself. */
  url?: string;
  /** `edge` and `rule`: the name of the dependency rule (tally.yaml `graph.rules`) broken. */
  rule?: string;
}

const optionalText = (v: unknown) => v === undefined || typeof v === 'string';

function isEvidenceObject(v: unknown): v is EvidenceObject {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (EVIDENCE_OBJECT_KINDS as readonly unknown[]).includes(o.kind) && typeof o.label === 'string' && optionalText(o.ref) && optionalText(o.url) && optionalText(o.rule);
}

/** The well-formed objects a result names (`evidence.objects`), or [] when it names none. */
export function evidenceObjects(evidence: unknown): EvidenceObject[] {
  const list = evidence && typeof evidence === 'object' ? (evidence as { objects?: unknown }).objects : undefined;
  return Array.isArray(list) ? list.filter(isEvidenceObject) : [];
}
