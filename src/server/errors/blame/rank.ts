// Pure parts of "the commit that caused it": which repository file a stack frame names, and the
// ranking of commits by the evidence git gave (after git-stacktrace's idea: a commit that last
// changed a line the stack trace runs through, or added a function it calls, or changed its files
// in this release, is a likely cause). Weights, in docs/errors.md:
//   1 per frame line the commit last changed, 5 when the commit is new in this release (code that
//   worked in earlier releases is a weaker suspect than code this release brought),
//   2 per stack-trace function the commit added or removed (git log -S, within the release),
//   1 per stack-trace file the commit changed within the release.

export interface FrameRef {
  /** The path as the event gave it (filename or abs_path). */
  path: string;
  line?: number;
  fn?: string;
}

export interface BlameEvidence {
  blamed: Array<{ sha: string; file: string; line: number; fn?: string }>;
  pickaxe: Array<{ sha: string; fn: string }>;
  touched: Array<{ sha: string; file: string }>;
  /** Commits new in this release (between the previous release and this one). */
  inRelease: ReadonlySet<string>;
}

export interface RankedSha {
  sha: string;
  score: number;
  reasons: string[];
  inRelease: boolean;
}

export const WEIGHTS = { line: 1, lineInRelease: 4, function: 2, file: 1 } as const;

/** `app:///src/a.js?x`, `webpack://shop/./src/a.js`, `/srv/app/src/a.js` → `srv/app/src/a.js`-like relative text. */
export function cleanFramePath(p: string): string {
  let s = p.replace(/[?#].*$/, '').replace(/\\/g, '/');
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\/(\/|[^/]*\/)?/i, '');
  return s.replace(/^(\.\/|\/|~\/)+/, '').replace(/\/\.\//g, '/');
}

/**
 * The tracked file a frame's path names: the one sharing the longest run of trailing path
 * segments with it (at least the file name), preferring files under `preferDir` (the service's
 * folder in a monorepo) on a tie. Undefined when no file has the frame's file name.
 */
export function mapToRepoFile(framePath: string, byBasename: ReadonlyMap<string, readonly string[]>, preferDir = ''): string | undefined {
  const segs = cleanFramePath(framePath).split('/').filter(Boolean);
  const base = segs[segs.length - 1];
  if (!base) return undefined;
  let best: string | undefined;
  let bestScore = -1;
  for (const file of byBasename.get(base) ?? []) {
    const fs = file.split('/');
    let n = 0;
    while (n < fs.length && n < segs.length && fs[fs.length - 1 - n] === segs[segs.length - 1 - n]) n++;
    const score = n * 2 + (preferDir && file.startsWith(`${preferDir}/`) ? 1 : 0);
    if (score > bestScore) [best, bestScore] = [file, score];
  }
  return best;
}

export function indexByBasename(files: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files) {
    const b = f.slice(f.lastIndexOf('/') + 1);
    const list = out.get(b);
    if (list) list.push(f);
    else out.set(b, [f]);
  }
  return out;
}

/** Commits by score (then by how many kinds of evidence they have), each with its reasons. */
export function rankCommits(e: BlameEvidence, limit = 10): RankedSha[] {
  const acc = new Map<string, { score: number; reasons: string[]; kinds: Set<string> }>();
  const add = (sha: string, points: number, reason: string, kind: string) => {
    const a = acc.get(sha) ?? { score: 0, reasons: [], kinds: new Set<string>() };
    if (a.reasons.includes(reason)) return;
    a.score += points;
    a.reasons.push(reason);
    a.kinds.add(kind);
    acc.set(sha, a);
  };
  for (const b of e.blamed) {
    const fresh = e.inRelease.has(b.sha);
    add(b.sha, WEIGHTS.line + (fresh ? WEIGHTS.lineInRelease : 0), `last changed line ${b.line} of ${b.file}${b.fn ? ` (${b.fn})` : ''}, which the stack trace runs through${fresh ? ', in this release' : ''}`, 'line');
  }
  for (const p of e.pickaxe) add(p.sha, WEIGHTS.function, `added or removed "${p.fn}", a function of the stack trace, in this release`, 'function');
  for (const t of e.touched) add(t.sha, WEIGHTS.file, `changed ${t.file}, a file of the stack trace, in this release`, 'file');
  return [...acc.entries()]
    .map(([sha, a]) => ({ sha, score: a.score, reasons: a.reasons, inRelease: e.inRelease.has(sha), kinds: a.kinds.size }))
    .sort((x, y) => y.score - x.score || y.kinds - x.kinds || x.sha.localeCompare(y.sha))
    .slice(0, limit)
    .map(({ kinds: _k, ...r }) => r);
}
