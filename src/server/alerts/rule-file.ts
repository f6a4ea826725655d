// Prometheus rule files (`groups: [{ name, rules: [{ alert | record, expr, for, labels,
// annotations }] }]`) read with the line of every rule, so findings point where an editor jumps.
// Parsed with `yaml` (the parser that keeps positions); a file that is not a rule file is a
// problem with its line, never a crash.
import jsYaml from 'js-yaml';
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

const RULE_START = /^[ \t]*-[ \t]+(alert|record)[ \t]*:/gm;

/**
 * Fast path: js-yaml for the values (about ten times faster, BENCHMARKS.md) and each rule's line
 * from where its `- alert:` / `- record:` item starts, taken in order. When the text does not
 * line up that simply (flow style, another key first, aliases), the careful parser decides.
 */
export function parseRuleFile(text: string, file: string): RuleFileResult {
  if (!/(^|[\s[{,:-])[*&][^\s,\]}]/m.test(text)) {
    let value: unknown;
    try {
      value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
    } catch {
      value = undefined;
    }
    const groups = (value as { groups?: unknown } | undefined)?.groups;
    if (Array.isArray(groups)) {
      const starts: number[] = [];
      const counter = new LineCounter();
      let offset = 0;
      for (const line of text.split('\n')) {
        counter.addNewLine(offset);
        offset += line.length + 1;
      }
      for (const m of text.matchAll(RULE_START)) starts.push(counter.linePos(m.index!).line);
      const raw = groups.flatMap((g: { name?: unknown; rules?: unknown }) => (Array.isArray(g?.rules) ? g.rules.map((r: unknown) => ({ group: String(g.name ?? ''), r })) : []));
      const simple = raw.length === starts.length && raw.every(({ r }) => r && typeof r === 'object' && !Array.isArray(r) && Object.keys(r)[0] && ['alert', 'record'].includes(Object.keys(r)[0]));
      if (simple) return { rules: raw.map(({ group, r }, i) => toRule(r as Record<string, unknown>, file, starts[i], group)), problems: [] };
    }
  }
  return parseCarefully(text, file);
}

function toRule(v: Record<string, unknown>, file: string, line: number, group: string): PromRule {
  return {
    file,
    line,
    group,
    alert: typeof v.alert === 'string' ? v.alert : undefined,
    record: typeof v.record === 'string' ? v.record : undefined,
    expr: v.expr === undefined || v.expr === null ? '' : String(v.expr),
    for: v.for === undefined || v.for === null ? undefined : String(v.for),
    labels: strings(v.labels),
    annotations: strings(v.annotations),
  };
}

function parseCarefully(text: string, file: string): RuleFileResult {
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
      out.rules.push(toRule(r.toJSON() as Record<string, unknown>, file, lineOf(r as Node), group));
    }
  }
  return out;
}
