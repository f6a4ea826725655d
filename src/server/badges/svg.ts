// README badges in the flat look people know from shields.io: a grey label on the left, a
// coloured message on the right, rounded corners, white Verdana 11px text with a faint shadow.
// Text is drawn at 10× scale with `textLength` so it fits the computed width in every renderer.
import { createHash } from 'node:crypto';
import { gradeColor, type Grade } from '../../common/grades.ts';
import { textWidth } from './text-width.ts';

export const LABEL_COLOR = '#555';
const PADDING = 5;
const HEIGHT = 20;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** Colours are `#rgb`/`#rrggbb`; anything else becomes grey rather than reaching the SVG. */
function safeColor(color: string): string {
  return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color) ? color : '#9f9f9f';
}

function textPair(text: string, center: number, width: number): string {
  const x = Math.round(center * 10);
  const len = Math.round(width * 10);
  const t = escapeXml(text);
  return (
    `<text aria-hidden="true" x="${x}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="${len}">${t}</text>` +
    `<text x="${x}" y="140" transform="scale(.1)" fill="#fff" textLength="${len}">${t}</text>`
  );
}

export function renderBadge(input: { label: string; message: string; color: string }): string {
  const labelText = Math.round(textWidth(input.label));
  const messageText = Math.round(textWidth(input.message));
  const lw = labelText + 2 * PADDING;
  const mw = messageText + 2 * PADDING;
  const w = lw + mw;
  const title = escapeXml(`${input.label}: ${input.message}`);
  const color = safeColor(input.color);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${HEIGHT}" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="r"><rect width="${w}" height="${HEIGHT}" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${lw}" height="${HEIGHT}" fill="${LABEL_COLOR}"/><rect x="${lw}" width="${mw}" height="${HEIGHT}" fill="${color}"/><rect width="${w}" height="${HEIGHT}" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">`,
    textPair(input.label, lw / 2, labelText),
    textPair(input.message, lw + mw / 2, messageText),
    `</g></svg>`,
  ].join('');
}

/** The grade badge: `tally | B`, coloured by grade; `ungraded` in grey when there is no grade. */
export function gradeBadge(grade: Grade | null, label = 'tally'): string {
  return renderBadge({ label, message: grade ?? 'ungraded', color: gradeColor(grade) });
}

/** Strong ETag (quoted) from the SVG's bytes: equal badges, equal tags. */
export function badgeEtag(svg: string): string {
  return `"${createHash('sha256').update(svg).digest('base64url').slice(0, 27)}"`;
}
