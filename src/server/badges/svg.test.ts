import { describe, expect, it } from 'vitest';
import { badgeEtag, gradeBadge, renderBadge } from './svg.ts';
import { textWidth } from './text-width.ts';

/** A small XML well-formedness check: balanced tags, quoted attributes, only known entities. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    expect(text.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/[&>]/);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 40)}`);
    expect(m[3].replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/&/);
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]);
    i = tag.lastIndex;
  }
  expect(stack).toEqual([]);
}

const widthOf = (svg: string) => Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);

describe('renderBadge', () => {
  it('draws a well-formed SVG with title, aria-label, grey label and coloured message', () => {
    const svg = renderBadge({ label: 'tally', message: 'A+', color: '#2e7d32' });
    assertWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title>tally: A+</title>');
    expect(svg).toContain('aria-label="tally: A+"');
    expect(svg).toContain('fill="#555"');
    expect(svg).toContain('fill="#2e7d32"');
    expect(svg).toContain('rx="3"');
  });

  it('sizes boxes from Verdana 11px widths, like shields.io (label "build" is 37px wide)', () => {
    expect(Math.round(textWidth('build'))).toBe(27);
    const svg = renderBadge({ label: 'build', message: 'passing', color: '#4c1' });
    expect(svg).toContain('<rect width="37" height="20" fill="#555"/>');
    expect(widthOf(svg)).toBe(37 + Math.round(textWidth('passing')) + 10);
  });

  it('grows with the text, and wide letters take more room than narrow ones', () => {
    const short = widthOf(renderBadge({ label: 'tally', message: 'B', color: '#a4c639' }));
    const long = widthOf(renderBadge({ label: 'production readiness', message: 'B', color: '#a4c639' }));
    expect(long).toBeGreaterThan(short);
    expect(textWidth('WWW')).toBeGreaterThan(textWidth('iii'));
    expect(textWidth('ünïcødé')).toBeGreaterThan(0);
  });

  it('escapes XML in label and message, and refuses colours that are not hex', () => {
    const svg = renderBadge({ label: 'a<b>&"c"', message: "<script>alert('x')</script>", color: 'red"/><script>' });
    assertWellFormed(svg);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(svg).toContain('fill="#9f9f9f"');
  });
});

describe('gradeBadge and badgeEtag', () => {
  it('colours by grade and shows "ungraded" in grey', () => {
    expect(gradeBadge('F')).toContain('fill="#e05d44"');
    const none = gradeBadge(null, 'checkout');
    expect(none).toContain('<title>checkout: ungraded</title>');
    expect(none).toContain('fill="#9f9f9f"');
  });

  it('gives a strong ETag that changes with the badge', () => {
    const tag = badgeEtag(gradeBadge('A'));
    expect(tag).toMatch(/^"[\w-]{27}"$/);
    expect(badgeEtag(gradeBadge('A'))).toBe(tag);
    expect(badgeEtag(gradeBadge('B'))).not.toBe(tag);
  });
});
