// Cloud and hosting ranges on disk: one JSON file `{ fetchedAt, providers: { name: [cidr…] } }`,
// the repository's dated snapshot (data/cloud-ranges.json) or files the operator refreshes with
// `tally edge update-ranges`, which reads the providers' own published formats.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../platform/package-root.ts';
import { InputError, UnavailableError, problem } from '../platform/problems.ts';
import { RangeTable, parseCidr } from './ranges.ts';

export const SNAPSHOT_FILE = join(PACKAGE_ROOT, 'src', 'server', 'edge', 'data', 'cloud-ranges.json');

export interface RangesFile {
  fetchedAt: string;
  providers: Record<string, string[]>;
}

const MAX_FILE = 64 * 1024 * 1024;

export function loadRanges(files: readonly string[]): RangeTable {
  const table = new RangeTable();
  for (const file of files.length ? files : [SNAPSHOT_FILE]) {
    let data: RangesFile;
    try {
      const text = readFileSync(file, 'utf8');
      if (text.length > MAX_FILE) throw new Error('larger than 64 MiB');
      data = JSON.parse(text) as RangesFile;
    } catch (err) {
      throw InputError.fromProblems(`cannot read ranges ${file}`, [problem((err as Error).message, { file })]);
    }
    for (const [provider, list] of Object.entries(data.providers ?? {})) {
      list.forEach((text, i) => {
        const c = parseCidr(text);
        if (!c) throw InputError.fromProblems(`bad range in ${file}`, [problem(`not a CIDR: ${text}`, { file, field: `providers.${provider}[${i}]` })]);
        table.add(c, provider);
      });
    }
  }
  return table;
}

/** A provider's published list and how to read it. */
export interface RangeSource {
  provider: string;
  url: string;
  format: 'aws' | 'google' | 'oracle' | 'csv' | 'azure';
}

export const DEFAULT_SOURCES: readonly RangeSource[] = [
  { provider: 'aws', url: 'https://ip-ranges.amazonaws.com/ip-ranges.json', format: 'aws' },
  { provider: 'google-cloud', url: 'https://www.gstatic.com/ipranges/cloud.json', format: 'google' },
  { provider: 'oracle', url: 'https://docs.oracle.com/en-us/iaas/tools/public_ip_ranges.json', format: 'oracle' },
  { provider: 'digitalocean', url: 'https://digitalocean.com/geo/google.csv', format: 'csv' },
];

/** The CIDRs of one published file, in its provider's format. */
export function parsePublished(format: RangeSource['format'], text: string): string[] {
  if (format === 'csv') return text.split(/\r?\n/).map((l) => l.split(',')[0]!.trim()).filter((c) => parseCidr(c));
  const j = JSON.parse(text) as Record<string, unknown>;
  const out: string[] = [];
  if (format === 'aws') {
    for (const p of (j.prefixes as { ip_prefix?: string }[] | undefined) ?? []) if (p.ip_prefix) out.push(p.ip_prefix);
    for (const p of (j.ipv6_prefixes as { ipv6_prefix?: string }[] | undefined) ?? []) if (p.ipv6_prefix) out.push(p.ipv6_prefix);
  } else if (format === 'google') {
    for (const p of (j.prefixes as { ipv4Prefix?: string; ipv6Prefix?: string }[] | undefined) ?? []) out.push(...[p.ipv4Prefix, p.ipv6Prefix].filter((x): x is string => !!x));
  } else if (format === 'oracle') {
    for (const r of (j.regions as { cidrs?: { cidr?: string }[] }[] | undefined) ?? []) for (const c of r.cidrs ?? []) if (c.cidr) out.push(c.cidr);
  } else if (format === 'azure') {
    for (const v of (j.values as { properties?: { addressPrefixes?: string[] } }[] | undefined) ?? []) out.push(...(v.properties?.addressPrefixes ?? []));
  }
  return out.filter((c) => parseCidr(c));
}

/**
 * Fetches every source and writes one ranges file (to a temporary name, renamed when all
 * succeeded: a failed refresh leaves the previous file as it was). Fails naming the URL.
 */
export async function updateRanges(sources: readonly RangeSource[], out: string, o: { fetch?: typeof fetch; now: Date; timeoutMs?: number }): Promise<RangesFile> {
  const doFetch = o.fetch ?? fetch;
  const providers: Record<string, string[]> = {};
  for (const s of sources) {
    let text: string;
    try {
      const res = await doFetch(s.url, { signal: AbortSignal.timeout(o.timeoutMs ?? 20_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      text = await res.text();
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new UnavailableError(`cannot fetch ${s.provider} ranges from ${s.url}: ${cause?.code ?? cause?.message ?? (err as Error).message} (nothing was written; the previous ranges file is unchanged)`);
    }
    let cidrs: string[];
    try {
      cidrs = parsePublished(s.format, text);
    } catch (err) {
      throw new UnavailableError(`${s.url} is not ${s.format} ranges: ${(err as Error).message}`);
    }
    if (!cidrs.length) throw new UnavailableError(`${s.url} lists no ranges`);
    providers[s.provider] = [...(providers[s.provider] ?? []), ...cidrs];
  }
  const file: RangesFile = { fetchedAt: o.now.toISOString(), providers };
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 1)}\n`);
  renameSync(tmp, out);
  return file;
}
