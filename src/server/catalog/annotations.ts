// Typed readers for the annotations Tally reads (documented in docs/catalog.md).
// Readers return undefined for missing or invalid values; validateTallyAnnotations says why.
import { ANNOTATIONS, type Entity } from '../../common/catalog.ts';
import { isTallyPath } from '../platform/outbound/tally-url.ts';
import { problem, type Problem } from '../platform/problems.ts';
import { parseRef } from '../../common/refs.ts';

import { parseTier, TIER_RULE, type Tier } from '../../common/tier.ts';

export interface TallyAnnotations {
  tier?: Tier;
  statusUrl?: string;
  runbookUrl?: string;
  dashboardUrl?: string;
  repoPath?: string;
  slackWebhook?: string;
  webhookUrl?: string;
  /** The people on the rotation, as written (user names or refs), in order. */
  oncallRotation?: string[];
  githubSlug?: string;
}
type AnnotationName = keyof typeof ANNOTATIONS;

interface AnnotationRule {
  parse: (value: string) => unknown;
  rule: string;
}

const httpUrl = (value: string): string | undefined => {
  if (!URL.canParse(value)) return undefined;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:' ? value : undefined;
};
const URL_RULE: AnnotationRule = { parse: httpUrl, rule: 'an absolute http:// or https:// URL' };
/** URLs Tally itself calls may also be a path on this Tally server, resolved against server.publicUrl (the demo's stand-ins). */
const TALLY_URL_RULE: AnnotationRule = {
  parse: (v) => (isTallyPath(v) && URL.canParse(v, 'http://tally') ? v : httpUrl(v)),
  rule: 'an absolute http:// or https:// URL, or a path on this Tally server such as /demo/status/checkout',
};

const GITHUB_SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** `alice, bob, payments/carol`: a comma-separated list of user refs. */
function parseRotation(value: string): string[] | undefined {
  const people = value.split(',').map((p) => p.trim());
  return people.every((p) => parseRef(p, { defaultKind: 'User' }) !== undefined) ? people : undefined;
}

/** A path inside the repository: relative, `/`-separated, never leaving the repository. */
function parseRepoPath(value: string): string | undefined {
  if (value === '' || value.startsWith('/') || value.includes('\\')) return undefined;
  return value.split('/').some((seg) => seg === '..') ? undefined : value;
}

const RULES: Record<AnnotationName, AnnotationRule> = {
  tier: { parse: parseTier, rule: TIER_RULE },
  statusUrl: TALLY_URL_RULE,
  runbookUrl: URL_RULE,
  dashboardUrl: URL_RULE,
  slackWebhook: TALLY_URL_RULE,
  webhookUrl: TALLY_URL_RULE,
  repoPath: { parse: parseRepoPath, rule: 'a relative path inside the repository, e.g. services/checkout (no leading / and no ..)' },
  oncallRotation: { parse: parseRotation, rule: 'a comma-separated list of users, e.g. alice,bob,carol' },
  githubSlug: { parse: (v) => (GITHUB_SLUG.test(v) ? v : undefined), rule: 'owner/repository, e.g. acme/checkout' },
};
const NAMES = Object.keys(ANNOTATIONS) as AnnotationName[];
const KNOWN_KEYS = new Set<string>(Object.values(ANNOTATIONS));

function annotationsOf(entity: Entity): Record<string, unknown> {
  const a = entity.metadata?.annotations;
  return a && typeof a === 'object' ? a : {};
}

/** All of Tally's annotations that are present and valid. */
export function readTallyAnnotations(entity: Entity): TallyAnnotations {
  const annotations = annotationsOf(entity);
  const out: Record<string, unknown> = {};
  for (const name of NAMES) {
    const raw = annotations[ANNOTATIONS[name]];
    const value = typeof raw === 'string' ? RULES[name].parse(raw) : undefined;
    if (value !== undefined) out[name] = value;
  }
  return out as TallyAnnotations;
}


/**
 * Errors for Tally annotations with unusable values; warnings for unknown `tally.dev/` keys that
 * look like misspellings of known ones (other `tally.dev/` keys, e.g. for rule selectors, are fine).
 * Non-string values are reported by validateEntity, not here.
 */
export function validateTallyAnnotations(entity: Entity, at: { file?: string; doc?: number } = {}): Problem[] {
  const problems: Problem[] = [];
  for (const [key, raw] of Object.entries(annotationsOf(entity))) {
    const field = `metadata.annotations["${key}"]`;
    const name = NAMES.find((n) => ANNOTATIONS[n] === key);
    if (name !== undefined) {
      if (typeof raw === 'string' && RULES[name].parse(raw) === undefined) {
        problems.push(problem(`must be ${RULES[name].rule}, got ${JSON.stringify(raw)}`, { ...at, field }));
      }
      continue;
    }
    const meant = key.startsWith(TALLY_PREFIX) ? likelyMeant(key) : undefined;
    if (meant) problems.push(problem(`unknown Tally annotation; did you mean ${meant}?`, { ...at, field }, 'warning'));
  }
  return problems;
}

const TALLY_PREFIX = 'tally.dev/';
const TALLY_KEYS = [...KNOWN_KEYS].filter((k) => k.startsWith(TALLY_PREFIX));

/** The known key a misspelt one was probably meant to be: a prefix of it, or at most 2 edits away. */
function likelyMeant(key: string): string | undefined {
  return TALLY_KEYS.find((known) => known.startsWith(key) || editDistance(known, key) <= 2);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
