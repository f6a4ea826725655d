// Disk alerts done right: on time to full, not on a threshold. The Prometheus rule file Tally
// writes for disks (`tally disk-rules`): `predict_linear` of the free bytes over six hours (long
// enough to ride out a log rotation), warning when the disk fills within a day
// and paging when within four hours — each only while the filesystem is writable and already
// fairly full (so a fresh, empty disk filling fast does not page at night) — with a summary, a
// description that says when, and the runbook. `promtool check rules` accepts it.
import { stringify } from 'yaml';
import { formatDuration, parseDuration } from '../../common/duration.ts';

export interface DiskRuleOptions {
  /** Label matchers of the filesystems, e.g. `mountpoint="/data"`; fstypes of memory filesystems are always left out. */
  selector?: string;
  /** The runbook every alert links to. */
  runbook: string;
  /** The fitted history (default 6h). */
  range?: string;
  /** [warning, page] windows (default 24h and 4h). */
  warnWithin?: string;
  pageWithin?: string;
}

const MATCHER = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*$/;

/** The problems of the options (each naming the option), empty when they are fine. */
export function diskRuleProblems(o: DiskRuleOptions): string[] {
  const out: string[] = [];
  if (o.selector && !o.selector.split(',').every((m) => MATCHER.test(m))) out.push(`--selector: "${o.selector}" is not a list of label matchers like mountpoint="/data"`);
  if (!/^https?:\/\/\S+$/.test(o.runbook)) out.push(`--runbook: "${o.runbook}" is not an http(s) URL`);
  for (const [name, v] of [['--range', o.range], ['--warn-within', o.warnWithin], ['--page-within', o.pageWithin]] as const) if (v !== undefined && parseDuration(v) === undefined) out.push(`${name}: "${v}" is not a duration such as 6h`);
  return out;
}

export function diskRules(o: DiskRuleOptions): string {
  const range = formatDuration(parseDuration(o.range ?? '6h')!);
  const matchers = ['fstype!~"tmpfs|ramfs|overlay|squashfs"', ...(o.selector ? o.selector.split(',').map((m) => m.trim()) : [])].join(',');
  const avail = `node_filesystem_avail_bytes{${matchers}}`;
  const rule = (alert: string, within: string, freePercent: number, severity: string) => {
    const seconds = parseDuration(within)! / 1000;
    return {
      alert,
      expr: `(\n  ${avail} / node_filesystem_size_bytes{${matchers}} * 100 < ${freePercent}\nand\n  predict_linear(${avail}[${range}], ${seconds}) < 0\nand\n  node_filesystem_readonly{${matchers}} == 0\n)`,
      for: '1h',
      labels: { severity },
      annotations: {
        summary: `Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} will be full within ${formatDuration(seconds * 1000)}`,
        description: `At the rate of the last ${range}, {{ $labels.mountpoint }} on {{ $labels.instance }} ({{ $labels.device }}) runs out of space within ${formatDuration(seconds * 1000)}; {{ printf "%.1f" $value }} % is free now.`,
        runbook_url: o.runbook,
      },
    };
  };
  const doc = {
    groups: [{
      name: 'tally-disk-time-to-full',
      rules: [rule('DiskWillFillSoon', o.warnWithin ?? '24h', 40, 'warning'), rule('DiskWillFillVerySoon', o.pageWithin ?? '4h', 15, 'page')],
    }],
  };
  return `# Written by \`tally disk-rules\` (docs/forecasts.md): alerts on time to full, not on a threshold.\n${stringify(doc, { lineWidth: 0 })}`;
}
