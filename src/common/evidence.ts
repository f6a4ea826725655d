// What a requirement's evidence names (src/common/api/scorecards.ts EvidenceObject): read without
// zod, so the web UI can use it with no schema library in its bundle. Evidence is free-form per
// check type; only well-formed `objects` entries are returned, anything else is ignored.
import type { EvidenceObject } from './api/scorecards.ts';

const KINDS: readonly string[] = ['entity', 'edge', 'change', 'rule', 'url'];
const optionalText = (v: unknown) => v === undefined || typeof v === 'string';

function isEvidenceObject(v: unknown): v is EvidenceObject {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.kind === 'string' && KINDS.includes(o.kind) && typeof o.label === 'string' && optionalText(o.ref) && optionalText(o.url) && optionalText(o.rule);
}

/** The objects a result names (`evidence.objects`), or [] when it names none. */
export function evidenceObjects(evidence: unknown): EvidenceObject[] {
  const list = evidence && typeof evidence === 'object' ? (evidence as { objects?: unknown }).objects : undefined;
  return Array.isArray(list) ? list.filter(isEvidenceObject) : [];
}
