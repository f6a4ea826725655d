// "The commit that caused it": for an issue's in-app frames, the service's repository (its
// `tally.dev/repo-path`, read only for entities from catalog files, inside their folder) is asked
// who last changed each frame's line at the release's commit (`git blame`), which commits of the
// release added or removed the frames' functions (`git log -S`) and which changed their files
// (between the previous release and this one). The commits are ranked (rank.ts) and each is tied
// to the change of the change database that shipped it — the deploy whose version range holds it
// — with that change's revert, and marked when the change is one of the issue's suspects.
import path from 'node:path';
import type { IssueCommits } from '../../../common/api/errors.ts';
import { redactChange } from '../../../common/changes.ts';
import { catalogSnapshot } from '../../catalog/index.ts';
import { listChanges } from '../../changes/index.ts';
import { findRepo, repoDirFor, type CheckContext } from '../../checks/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import { issueSuspects } from '../issues/deploys.ts';
import { getIssue } from '../issues/query.ts';
import { blameLines, commitsIn, commitsTouching, pickaxe, releaseRevisions, resolveCommit, trackedFiles, type CommitInfo, type GitAsk } from './git.ts';
import { indexByBasename, mapToRepoFile, rankCommits, type BlameEvidence } from './rank.ts';

const MAX_FRAMES = 20;
const MAX_FUNCTIONS = 10;
const MAX_CHANGES = 20;
const RECENT_COMMITS = 100;
const FUNCTION_NAME = /^[A-Za-z_$][\w$.:<>]{2,99}$/;

type Change = Awaited<ReturnType<typeof listChanges>>['items'][number];
export interface BlameDeps {
  db: Db;
  config: Config;
  now: Date;
  timeoutMs: number;
}

async function firstCommit(g: GitAsk, names: Array<string | null | undefined>): Promise<string | undefined> {
  for (const name of names) if (name) for (const rev of releaseRevisions(name)) {
    const c = await resolveCommit(g, rev);
    if (c) return c;
  }
  return undefined;
}

/** The entity's changes with a version, oldest first, each with the version before it. */
function deploysOf(changes: readonly Change[]): Array<{ change: Change; version: string; previous?: string }> {
  const withVersion = changes.filter((c) => c.version).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return withVersion.map((c, i) => ({ change: c, version: c.version!, previous: c.previousVersion ?? withVersion[i - 1]?.version }));
}

/** Which change shipped each commit: the earliest deploy whose range (previous..version) holds it. */
async function shippedBy(g: GitAsk, deploys: ReturnType<typeof deploysOf>, shas: readonly string[]): Promise<Map<string, Change>> {
  const out = new Map<string, Change>();
  for (const d of deploys.slice(-MAX_CHANGES)) {
    if (out.size === shas.length) break;
    const to = await firstCommit(g, [d.version]);
    if (!to) continue;
    const from = d.previous ? await firstCommit(g, [d.previous]) : undefined;
    const set = await commitsIn(g, from ? [`${from}..${to}`] : [to], from ? 2000 : RECENT_COMMITS);
    for (const sha of shas) if (!out.has(sha) && set.has(sha)) out.set(sha, d.change);
  }
  return out;
}

type Frames = IssueCommits['frames'];

/** The service's repository, or why there is none. */
async function locateRepo(deps: BlameDeps, entityRef: string): Promise<{ repository: string | null; g?: GitAsk; sub?: string; note?: string }> {
  const entity = (await catalogSnapshot(deps.db)).byRef.get(entityRef);
  const repository = (entity?.entity.metadata.annotations?.['tally.dev/repo-path'] as string | undefined) ?? null;
  const dir = entity ? repoDirFor({ ctx: { entity: entity.entity } as unknown as CheckContext, entityFile: entity.file }, deps.config.baseDir) : undefined;
  if (!dir) return { repository, note: `${entityRef} has no tally.dev/repo-path annotation: no repository to blame` };
  if (typeof dir !== 'string') return { repository, note: dir.refused };
  const repo = await findRepo(dir, deps.timeoutMs);
  if (!repo.ok) return { repository, note: repo.message };
  return { repository, g: { top: repo.top, timeoutMs: deps.timeoutMs }, sub: path.relative(repo.top, repo.dir).split(path.sep).join('/') };
}

/** git's evidence about the mapped frames: blame at `commit`, pickaxe and file history in `range`. */
async function gatherEvidence(g: GitAsk, commit: string, range: string[], rangeMax: number, mapped: Frames) {
  const files = [...new Set(mapped.map((f) => f.file!))];
  const infos = new Map<string, CommitInfo>();
  const evidence: BlameEvidence = { blamed: [], pickaxe: [], touched: [], inRelease: await commitsIn(g, range, rangeMax) };
  for (const file of files) {
    const frames = mapped.filter((f) => f.file === file && f.line !== undefined && f.line > 0);
    const lines = await blameLines(g, commit, file, [...new Set(frames.map((f) => f.line!))]);
    for (const f of frames) {
      const c = lines.get(f.line!);
      if (!c) continue;
      infos.set(c.sha, c);
      evidence.blamed.push({ sha: c.sha, file, line: f.line!, fn: f.function });
    }
  }
  const names = [...new Set(mapped.map((f) => f.function?.split('.').pop()).filter((n): n is string => !!n && FUNCTION_NAME.test(n)))].slice(0, MAX_FUNCTIONS);
  for (const fn of names) for (const { files: _f, ...c } of await pickaxe(g, range, fn, files, 50)) {
    infos.set(c.sha, c);
    evidence.pickaxe.push({ sha: c.sha, fn });
  }
  for (const { files: changed, ...c } of await commitsTouching(g, range, files, rangeMax)) {
    infos.set(c.sha, c);
    for (const file of changed) if (files.includes(file)) evidence.touched.push({ sha: c.sha, file });
  }
  return { evidence, infos };
}

export async function blameIssue(deps: BlameDeps, issueId: string): Promise<IssueCommits> {
  const issue = await getIssue(deps.db, issueId, deps.now);
  const release = issue.firstRelease ?? issue.lastRelease;
  const inApp = issue.frames.filter((f) => f.inApp && (f.filename || f.absPath)).slice(-MAX_FRAMES);
  const frames: Frames = inApp.map((f) => ({ path: (f.filename ?? f.absPath)!, line: f.lineno, function: f.function, file: null }));
  const { repository, g, sub, note } = await locateRepo(deps, issue.entity);
  const result: IssueCommits = { repository, release, commit: null, previousCommit: null, notes: note ? [note] : [], frames, commits: [] };
  if (!g) return result;

  const deploys = deploysOf((await listChanges(deps.db, deps.config.graph.rules, { entity: issue.entity, limit: 200 })).items);
  let commit = await firstCommit(g, [release]);
  const releaseNamed = !!commit;
  if (!commit) {
    result.notes.push(release ? `release ${release} names no commit of the repository: blamed its HEAD` : 'the issue has no release: blamed the repository HEAD');
    commit = await resolveCommit(g, 'HEAD');
  }
  if (!commit) return { ...result, notes: [...result.notes, 'the repository has no commit'] };
  // The deploy of the release: the one with its name as version, else (a deploy that names its
  // commit, as a sha or a tag, rather than the SDK's release name) the latest whose version is that commit.
  let shipped = deploys.find((d) => d.version === release);
  if (!shipped && releaseNamed) {
    for (const d of deploys.slice(-MAX_CHANGES).reverse()) {
      if ((await firstCommit(g, [d.version])) !== commit) continue;
      shipped = d;
      break;
    }
  }
  const previous = shipped?.previous ? await firstCommit(g, [shipped.previous]) : undefined;
  if (!previous) result.notes.push(`no previous release found in the change database: "in this release" means the last ${RECENT_COMMITS} commits`);
  Object.assign(result, { commit, previousCommit: previous ?? null });

  const byBase = indexByBasename(await trackedFiles(g, commit));
  result.frames = frames.map((f) => ({ ...f, file: mapToRepoFile(f.path, byBase, sub) ?? null }));
  const mapped = result.frames.filter((f) => f.file);
  if (mapped.length === 0) return { ...result, notes: [...result.notes, 'no in-app frame names a file of the repository'] };
  const { evidence, infos } = await gatherEvidence(g, commit, previous ? [`${previous}..${commit}`] : [commit], previous ? 2000 : RECENT_COMMITS, mapped);

  const ranked = rankCommits(evidence);
  const changeOf = await shippedBy(g, deploys, ranked.map((r) => r.sha));
  const suspects = new Set((await issueSuspects(deps.db, deps.config, issueId, 24 * 3_600_000, deps.now)).suspects.map((s) => s.change.id));
  result.commits = ranked.map((r) => {
    const change = changeOf.get(r.sha);
    return { ...infos.get(r.sha)!, score: r.score, reasons: r.reasons, inRelease: r.inRelease, change: change ? redactChange(change) : null, suspect: !!change && suspects.has(change.id) };
  });
  return result;
}
