// Messages and exception values carry event-specific parts (ids, numbers, addresses, times) that
// must not split a group. Before hashing, each such part is replaced by a placeholder naming its
// kind: `<int>`, `<url>`, `<email>`, … Patterns run from the most specific to the least, on the
// text left over by the ones before (a placeholder is never matched again: `<` and `>` are not in
// any pattern's first character class).

const TLDS = 'com|net|org|io|dev|app|edu|gov|info|biz|co|us|uk|de|fr|nl|ru|jp|cn|in|br|au|ca|eu|ch|se|no|es|it|pl|local|internal|cloud|ai';

const PATTERNS: Array<[string, RegExp]> = [
  ['email', /[\w.+-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+/g],
  ['url', /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s]+/g],
  ['hostname', new RegExp(`\\b(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\\.)+(?:${TLDS})\\b`, 'g')],
  ['ip', /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g],
  ['ip', /(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,7}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,6})?(?![\w:])/g],
  ['uuid', /\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b/g],
  ['sha1', /\b[0-9a-fA-F]{40}\b/g],
  ['md5', /\b[0-9a-fA-F]{32}\b/g],
  ['date', /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g],
  ['date', /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2}(?: (?:GMT|UTC|[+-]\d{4}))?/g],
  ['time', /\b\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?[AaPp][Mm])?\b/g],
  ['hex', /\b0[xX][0-9a-fA-F]+\b/g],
  ['float', /(?<![\w.])[+-]?\d+\.\d+(?:[eE][+-]?\d+)?(?![\w.])/g],
  ['int', /(?<![\w.])[+-]?\d+(?![\w.])/g],
];

/** The text with its event-specific parts replaced by `<kind>` placeholders. */
export function parameterize(text: string): string {
  let out = text;
  // Most texts hold no digit, '@' or ':' at all: nothing to replace.
  if (!/[\d@:.]/.test(out)) return out;
  for (const [kind, re] of PATTERNS) out = out.replace(re, `<${kind}>`);
  return out;
}
