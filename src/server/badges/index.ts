// README badges (docs/policies.md#badges).
export { renderBadge, gradeBadge, badgeEtag, escapeXml } from './svg.ts';
export { textWidth } from './text-width.ts';
