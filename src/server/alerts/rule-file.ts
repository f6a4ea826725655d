// Prometheus rule files (`groups: [{ name, rules: [{ alert | record, expr, for, labels,
// annotations }] }]`) read with the line of every rule, so findings point where an editor jumps.
// Parsed with `yaml` (the parser that keeps positions); a file that is not a rule file is a
// problem with its line, never a crash.
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface PromRule {
  file: string;
  line: number;
  group: string;
  /** Set for alerting rules. */
  alert?: string;
  /** Set for recording rules. */
  record?: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleFileResult {
  rules: PromRule[];
  problems: { file: string; line: number; message: string }[];
}

const strings = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = String(x);
  return out;
};

export function parseRuleFile(text: string, file: string): RuleFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const lineOf = (n: Node | null | undefined) => (n?.range ? lines.linePos(n.range[0]).line : 1);
  const out: RuleFileResult = { rules: [], problems: [] };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    out.problems.push({ file, line: Math.min(lines.linePos(e.pos[0]).line, text.trimEnd().split('\n').length), message: `not valid YAML: ${e.message.split('\n')[0]}` });
    return out;
  }
  const groups = isMap(doc.contents) ? doc.contents.get('groups', true) : undefined;
  if (!isSeq(groups)) {
    out.problems.push({ file, line: lineOf(doc.contents as Node), message: 'not a Prometheus rule file: expected a top-level `groups:` list' });
    return out;
  }
  for (const g of groups.items) {
    if (!isMap(g)) continue;
    const group = String(g.get('name') ?? '');
    const rules = g.get('rules', true);
    if (!isSeq(rules)) continue;
    for (const r of rules.items) {
      if (!isMap(r)) continue;
      const v = r.toJSON() as Record<string, unknown>;
      out.rules.push({
        file,
        line: lineOf(r as Node),
        group,
        alert: typeof v.alert === 'string' ? v.alert : undefined,
        record: typeof v.record === 'string' ? v.record : undefined,
        expr: v.expr === undefined || v.expr === null ? '' : String(v.expr),
        for: v.for === undefined || v.for === null ? undefined : String(v.for),
        labels: strings(v.labels),
        annotations: strings(v.annotations),
      });
    }
  }
  return out;
}
