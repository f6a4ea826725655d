// Width of text in Verdana at 11px, the font of README badges, from the font's advance widths
// (units per em: 2048). ASCII only; other characters count as the average lower-case letter.

const UNITS_PER_EM = 2048;
const FONT_SIZE = 11;

// prettier-ignore
const ADVANCE: Record<string, number> = {
  ' ': 720, '!': 824, '"': 940, '#': 1673, $: 1303, '%': 2215, '&': 1484, "'": 550, '(': 1042, ')': 1042,
  '*': 1303, '+': 1673, ',': 728, '-': 874, '.': 728, '/': 1042, ':': 874, ';': 874, '<': 1673, '=': 1673,
  '>': 1673, '?': 1114, '@': 2048, '[': 1042, '\\': 1042, ']': 1042, '^': 1673, _: 1303, '`': 1303,
  '{': 1274, '|': 1042, '}': 1274, '~': 1673,
  A: 1401, B: 1405, C: 1430, D: 1577, E: 1294, F: 1178, G: 1587, H: 1540, I: 861, J: 921, K: 1413, L: 1141,
  M: 1730, N: 1532, O: 1612, P: 1235, Q: 1612, R: 1424, S: 1401, T: 1237, U: 1499, V: 1401, W: 2024, X: 1403,
  Y: 1235, Z: 1403,
  a: 1255, b: 1300, c: 1114, d: 1300, e: 1240, f: 720, g: 1300, h: 1298, i: 563, j: 691, k: 1186, l: 563,
  m: 1995, n: 1298, o: 1251, p: 1300, q: 1300, r: 874, s: 1067, t: 807, u: 1298, v: 1186, w: 1677, x: 1186,
  y: 1186, z: 1071,
};
for (let d = 0; d <= 9; d++) ADVANCE[String(d)] = 1303;
const FALLBACK = 1200;

/** Width in pixels of `text` set in Verdana 11px. */
export function textWidth(text: string): number {
  let units = 0;
  for (const ch of text) units += ADVANCE[ch] ?? FALLBACK;
  return (units / UNITS_PER_EM) * FONT_SIZE;
}
