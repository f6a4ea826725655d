// The objects a requirement result names, in its `evidence.objects`, so a report card can show
// them as links instead of raw expressions: the entity, the dependency edge and the rule it
// breaks, the change, the URL probed. One shape for every check type, the API and the web UI
// (docs/scorecards.md, "What a result names").

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

/** The `evidence.objects` of a stored result, or [] when it names none. */
export function evidenceObjects(evidence: unknown): EvidenceObject[] {
  const objects = (evidence as { objects?: unknown } | null | undefined)?.objects;
  return Array.isArray(objects) ? (objects.filter((o) => o && typeof o === 'object' && EVIDENCE_OBJECT_KINDS.includes((o as EvidenceObject).kind) && typeof (o as EvidenceObject).label === 'string') as EvidenceObject[]) : [];
}
