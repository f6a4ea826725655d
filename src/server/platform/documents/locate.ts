// Puts a line and column on every problem of a YAML file: the field's own node, else its nearest
// ancestor that exists (a missing `spec.owner` points at `spec`), else the document's start.
// Files are parsed again only when they have problems, so valid files pay nothing.
import { isNode, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { parseFieldPath, type Problem } from '../problems.ts';

/** Returns the problems with `line`/`column` filled where the file's text can tell. */
export function locateProblems(problems: readonly Problem[], textOf: (file: string) => string | undefined): Problem[] {
  const parsed = new Map<string, { docs: Document[]; lines: LineCounter } | null>();
  const parse = (file: string) => {
    if (!parsed.has(file)) {
      const text = textOf(file);
      if (text === undefined) parsed.set(file, null);
      else {
        const lines = new LineCounter();
        const docs = parseAllDocuments(text, { lineCounter: lines });
        parsed.set(file, { docs: Array.isArray(docs) ? docs : [], lines });
      }
    }
    return parsed.get(file) ?? null;
  };
  return problems.map((p) => {
    if (p.line !== undefined || p.file === undefined) return p;
    const file = parse(p.file);
    const doc = file?.docs[p.doc ?? 0];
    if (!file || !doc) return p;
    const offset = offsetOf(doc, p.field);
    if (offset === undefined) return p;
    const { line, col } = file.lines.linePos(offset);
    return { ...p, line, column: col };
  });
}

function offsetOf(doc: Document, field: string | undefined): number | undefined {
  const path = field ? parseFieldPath(field) : [];
  for (let n = path?.length ?? 0; n > 0; n--) {
    const node = doc.getIn(path!.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
    // A key whose value is empty (`owner:`) has no value node; point at its key.
    const parent = n > 1 ? doc.getIn(path!.slice(0, n - 1), true) : doc.contents;
    const pair = isNode(parent) && 'items' in parent ? (parent.items as { key?: unknown }[]).find((i) => isNode(i.key) && (i.key as { value?: unknown }).value === path![n - 1]) : undefined;
    if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return doc.contents?.range?.[0] ?? doc.range?.[0];
}
