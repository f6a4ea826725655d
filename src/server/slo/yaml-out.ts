// A small YAML writer for the rule and unit-test files `tally slo rules` prints: block style, a
// multi-line string as a literal block (PromQL stays readable), a string that could be misread
// as another type or as YAML syntax double-quoted with JSON's escapes (a subset of YAML's).
// A general dumper spent most of the time of writing rules for 1,000 SLOs (BENCHMARKS.md); this
// handles only JSON-like values, which is all these files hold. The output is checked by promtool.
// Within one call, an object written again at the same place (the same labels on every rule of
// an SLO, the same expected alert in every unit test) reuses its text, and a string's scalar form
// is worked out once: the files repeat both a lot, and building them again was most of the time.
type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ .,:/()=*+<>'-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

export function scalar(s: string): string {
  if (PLAIN.test(s) && !s.endsWith(' ') && !s.endsWith(':') && !s.includes(': ') && !s.includes(' #') && !RESERVED.test(s)) return s;
  return JSON.stringify(s);
}

function block(s: string, indent: string): string | undefined {
  if (!s.includes('\n') || /^[ \t]/.test(s) || /[\r\t]/.test(s) || s.endsWith('\n')) return undefined;
  return `|-\n${s.split('\n').map((l) => (l ? `${indent}${l}` : '')).join('\n')}`;
}

/** What one toYaml call remembers: scalar forms of strings, and each object's text where it was last written. */
interface Memo {
  scalars: Map<string, string>;
  objects: Map<object, { at: string; text: string }>;
}

function scalarOf(s: string, memo: Memo): string {
  if (s.length > 100) return scalar(s); // long ones (descriptions, queries) rarely repeat: not kept
  let text = memo.scalars.get(s);
  if (text === undefined) memo.scalars.set(s, (text = scalar(s)));
  return text;
}

function write(v: Value, indent: string, inline: boolean, memo: Memo): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? '.inf' : v < 0 ? '-.inf' : '.nan';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return block(v, `${indent}  `) ?? scalarOf(v, memo);
  const at = inline ? `${indent}-` : indent;
  const seen = memo.objects.get(v);
  if (seen?.at === at) return seen.text;
  let out = '';
  if (Array.isArray(v)) {
    if (v.length === 0) out = '[]';
    for (let i = 0; i < v.length; i++) out += `${i === 0 && inline ? '- ' : `\n${indent}- `}${write(v[i], `${indent}  `, true, memo)}`;
  } else {
    let first = true;
    for (const k in v) {
      const x = v[k];
      if (x === undefined) continue;
      out += first && inline ? `${scalarOf(k, memo)}:` : `\n${indent}${scalarOf(k, memo)}:`;
      first = false;
      const nested = x !== null && typeof x === 'object' && (Array.isArray(x) ? x.length > 0 : hasKeys(x));
      out += nested ? write(x, Array.isArray(x) ? indent : `${indent}  `, false, memo) : ` ${write(x, indent, true, memo)}`;
    }
    if (first) out = '{}';
  }
  memo.objects.set(v, { at, text: out });
  return out;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

const newMemo = (): Memo => ({ scalars: new Map(), objects: new Map() });

/** The document as YAML text, ending with a newline. */
export function toYaml(v: Value): string {
  const text = write(v, '', true, newMemo());
  return `${text.startsWith('\n') ? text.slice(1) : text}\n`;
}

/**
 * A top-level mapping written piece by piece: `toYaml` of `{ ...head, [key]: items }` as chunks of
 * text (head, then a few items at a time), so that a caller can stream a large file out instead of
 * holding all of it. Joined, the chunks equal toYaml's text exactly. `items` is read once.
 */
export function* yamlChunks(head: { [k: string]: Value }, key: string, items: Iterable<readonly unknown[]>): Generator<string> {
  const memo = newMemo();
  const headText = write(head, '', true, memo);
  const start = headText === '{}' ? '' : `${headText}\n`;
  let first = true;
  for (const batch of items) {
    let out = '';
    for (const item of batch) out += `\n- ${write(item as Value, '  ', true, memo)}`;
    memo.objects.clear(); // a batch's objects are not seen again: let them go
    if (!out) continue;
    yield first ? `${start}${scalarOf(key, memo)}:${out}` : out;
    first = false;
  }
  yield first ? toYaml({ ...head, [key]: [] }) : '\n';
}

/** fn over the list, a batch of `size` at a time, as it is read (nothing is built ahead). */
export function* batched<T, U>(list: readonly T[], size: number, fn: (item: T) => U[]): Generator<U[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size).flatMap(fn);
}
