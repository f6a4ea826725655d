// A small YAML writer for the rule and unit-test files `tally slo rules` prints: block style, a
// multi-line string as a literal block (PromQL stays readable), a string that could be misread
// as another type or as YAML syntax double-quoted with JSON's escapes (a subset of YAML's).
// A general dumper spent most of the time of writing rules for 1,000 SLOs (BENCHMARKS.md); this
// handles only JSON-like values, which is all these files hold. The output is checked by promtool.
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

function write(v: Value, indent: string, out: string[], inline: boolean): void {
  if (v === null || v === undefined) return void out.push('null');
  if (typeof v === 'number') return void out.push(Number.isFinite(v) ? String(v) : v > 0 ? '.inf' : v < 0 ? '-.inf' : '.nan');
  if (typeof v === 'boolean') return void out.push(String(v));
  if (typeof v === 'string') return void out.push(block(v, `${indent}  `) ?? scalar(v));
  if (Array.isArray(v)) {
    if (v.length === 0) return void out.push('[]');
    v.forEach((item, i) => {
      out.push(i === 0 && inline ? '- ' : `\n${indent}- `);
      write(item, `${indent}  `, out, true);
    });
    return;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return void out.push('{}');
  entries.forEach(([k, x], i) => {
    out.push(i === 0 && inline ? `${scalar(k)}:` : `\n${indent}${scalar(k)}:`);
    const nested = x !== null && typeof x === 'object' && (Array.isArray(x) ? x.length > 0 : Object.keys(x).length > 0);
    if (nested) write(x, Array.isArray(x) ? indent : `${indent}  `, out, false);
    else {
      out.push(' ');
      write(x, indent, out, true);
    }
  });
}

/** The document as YAML text, ending with a newline. */
export function toYaml(v: Value): string {
  const out: string[] = [];
  write(v, '', out, true);
  return `${out.join('').replace(/^\n/, '')}\n`;
}
