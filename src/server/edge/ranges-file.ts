// Cloud and hosting ranges on disk. `spec.ranges` names files of two kinds, told apart by their
// content: the edge's own ranges file `{ fetchedAt, providers: { name: [cidr…] } }` (what `tally
// edge update-ranges` writes), or a provider's published file as downloaded from it — AWS
// ip-ranges.json, Google Cloud cloud.json, Azure ServiceTags_Public_*.json, Oracle
// public_ip_ranges.json, or a CSV geofeed such as DigitalOcean's (its provider named after the
// file). With none named, the repository's tiny EXAMPLE is used: documentation address blocks, not
// any provider's ranges (`isExample` says so, and the edge warns at start).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { PACKAGE_ROOT } from '../platform/package-root.ts';
import { InputError, UnavailableError, problem } from '../platform/problems.ts';
import { RangeTable, parseCidr } from './ranges.ts';

export const EXAMPLE_RANGES_FILE = join(PACKAGE_ROOT, 'src', 'server', 'edge', 'data', 'cloud-ranges.example.json');

export interface RangesFile {
  fetchedAt: string;
  /** Where each provider's list came from (written by update-ranges). */
  sources?: { provider: string; from: string; format: RangeFormat; ranges: number }[];
  providers: Record<string, string[]>;
}

export type RangeFormat = 'aws' | 'google' | 'oracle' | 'csv' | 'azure';

const MAX_FILE = 64 * 1024 * 1024;
const MAX_RANGES = 2_000_000;

export interface LoadedRanges {
  table: RangeTable;
  /** True when the ranges are the repository's example (no real provider ranges at all). */
  isExample: boolean;
  /** Ranges per provider, for the start-up line. */
  counts: Record<string, number>;
}

/** Which kind of file this is, from its content. */
export function detectFormat(text: string): RangeFormat | 'tally' | undefined {
  const head = text.trimStart();
  if (!head.startsWith('{')) return /^[0-9a-fA-F:.]+\/\d+\s*,/m.test(head) ? 'csv' : undefined;
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (j.providers && typeof j.providers === 'object') return 'tally';
  if (Array.isArray(j.values)) return 'azure';
  if (Array.isArray(j.regions)) return 'oracle';
  if (Array.isArray(j.prefixes)) {
    const first = j.prefixes[0] as Record<string, unknown> | undefined;
    if (first && ('ipv4Prefix' in first || 'ipv6Prefix' in first)) return 'google';
    return 'aws';
  }
  return undefined;
}

const PROVIDER_OF: Record<RangeFormat, string | undefined> = { aws: 'aws', google: 'google-cloud', azure: 'azure', oracle: 'oracle', csv: undefined };

export function loadRanges(files: readonly string[]): LoadedRanges {
  const table = new RangeTable();
  const counts: Record<string, number> = {};
  const isExample = files.length === 0;
  for (const file of isExample ? [EXAMPLE_RANGES_FILE] : files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
      if (text.length > MAX_FILE) throw new Error('larger than 64 MiB');
    } catch (err) {
      throw InputError.fromProblems(`cannot read ranges ${file}`, [problem((err as Error).message, { file })]);
    }
    const format = detectFormat(text);
    if (!format) throw InputError.fromProblems(`cannot read ranges ${file}`, [problem('not a ranges file: expected the edge\'s own ranges JSON, AWS ip-ranges.json, Google cloud.json, Azure ServiceTags JSON, Oracle public_ip_ranges.json or a CSV geofeed', { file })]);
    const providers: Record<string, string[]> = format === 'tally'
      ? (JSON.parse(text) as RangesFile).providers
      : { [PROVIDER_OF[format] ?? basename(file, extname(file))]: parsePublished(format, text) };
    for (const [provider, list] of Object.entries(providers)) {
      if (!Array.isArray(list)) throw InputError.fromProblems(`bad ranges in ${file}`, [problem('not a list of CIDRs', { file, field: `providers.${provider}` })]);
      list.forEach((cidr, i) => {
        const c = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
        if (!c) throw InputError.fromProblems(`bad range in ${file}`, [problem(`not a CIDR: ${String(cidr)}`, { file, field: `providers.${provider}[${i}]` })]);
        if (table.size >= MAX_RANGES) throw InputError.fromProblems(`too many ranges in ${file}`, [problem(`more than ${MAX_RANGES} ranges in all`, { file })]);
        table.add(c, provider);
        counts[provider] = (counts[provider] ?? 0) + 1;
      });
    }
  }
  return { table, isExample, counts };
}

/** A provider's published list and where to get it: a URL, or a file the operator downloaded. */
export interface RangeSource {
  provider: string;
  url: string;
  format: RangeFormat;
}

/**
 * The lists with a stable address. Azure publishes ServiceTags_Public_<date>.json at an address
 * that changes every week: download it from Microsoft's "Azure IP Ranges and Service Tags" page
 * and pass it as `--source azure=azure=FILE`, or name the file in spec.ranges.
 */
export const DEFAULT_SOURCES: readonly RangeSource[] = [
  { provider: 'aws', url: 'https://ip-ranges.amazonaws.com/ip-ranges.json', format: 'aws' },
  { provider: 'google-cloud', url: 'https://www.gstatic.com/ipranges/cloud.json', format: 'google' },
  { provider: 'oracle', url: 'https://docs.oracle.com/en-us/iaas/tools/public_ip_ranges.json', format: 'oracle' },
  { provider: 'digitalocean', url: 'https://digitalocean.com/geo/google.csv', format: 'csv' },
];

/**
 * The CIDRs of one published file, in its provider's format, each once: AWS lists a prefix again
 * for every service that uses it (AMAZON, EC2, …), Azure for every service tag.
 */
export function parsePublished(format: RangeFormat, text: string): string[] {
  const out = new Set<string>();
  const add = (c: unknown) => {
    if (typeof c === 'string' && parseCidr(c)) out.add(c.trim());
  };
  if (format === 'csv') {
    for (const line of text.split(/\r?\n/)) if (!line.startsWith('#')) add(line.split(',')[0]);
    return [...out];
  }
  const j = JSON.parse(text) as Record<string, unknown>;
  const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []);
  if (format === 'aws') {
    for (const p of list(j.prefixes)) add(p.ip_prefix);
    for (const p of list(j.ipv6_prefixes)) add(p.ipv6_prefix);
  } else if (format === 'google') {
    for (const p of list(j.prefixes)) {
      add(p.ipv4Prefix);
      add(p.ipv6Prefix);
    }
  } else if (format === 'oracle') {
    for (const r of list(j.regions)) for (const c of list(r.cidrs)) add(c.cidr);
  } else if (format === 'azure') {
    for (const v of list(j.values)) {
      const prefixes = (v.properties as { addressPrefixes?: unknown } | undefined)?.addressPrefixes;
      if (Array.isArray(prefixes)) prefixes.forEach(add);
    }
  }
  return [...out];
}

/**
 * Fetches every source and writes one ranges file (to a temporary name, renamed when all
 * succeeded: a failed refresh leaves the previous file as it was). Fails naming the URL.
 */
export async function updateRanges(sources: readonly RangeSource[], out: string, o: { fetch?: typeof fetch; now: Date; timeoutMs?: number }): Promise<RangesFile> {
  const doFetch = o.fetch ?? fetch;
  const providers: Record<string, string[]> = {};
  const from: NonNullable<RangesFile['sources']> = [];
  for (const s of sources) {
    let text: string;
    const isUrl = /^https?:\/\//.test(s.url);
    try {
      if (!isUrl) {
        text = readFileSync(s.url, 'utf8');
        if (text.length > MAX_FILE) throw new Error('larger than 64 MiB');
      } else {
        const res = await doFetch(s.url, { signal: AbortSignal.timeout(o.timeoutMs ?? 20_000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        text = await res.text();
      }
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new UnavailableError(`cannot ${isUrl ? 'fetch' : 'read'} ${s.provider} ranges from ${s.url}: ${cause?.code ?? cause?.message ?? (err as { code?: string }).code ?? (err as Error).message} (nothing was written; the previous ranges file is unchanged)`);
    }
    let cidrs: string[];
    try {
      cidrs = parsePublished(s.format, text);
    } catch (err) {
      throw new UnavailableError(`${s.url} is not ${s.format} ranges: ${(err as Error).message}`);
    }
    if (!cidrs.length) throw new UnavailableError(`${s.url} lists no ranges`);
    providers[s.provider] = [...(providers[s.provider] ?? []), ...cidrs];
    from.push({ provider: s.provider, from: s.url, format: s.format, ranges: cidrs.length });
  }
  const file: RangesFile = { fetchedAt: o.now.toISOString(), sources: from, providers };
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 1)}\n`);
  renameSync(tmp, out);
  return file;
}
