// The refresh runner: reads each source listed in tally.yaml on its own (a source that cannot be
// read fails alone, with its problem recorded), applies the kinds scoped per source (the
// catalog) source by source, then every other kind once over the documents of all sources. Each
// step records its outcome (status.ts) for /status; problems carry file, line, column and field.
import { isAbsolute, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { EventBus } from '../events/events.ts';
import type { Metrics } from '../http/metrics.ts';
import { errorsOnly, problem, type Problem } from '../problems.ts';
import { readDocuments, type Includes, type SourceDocument } from './files.ts';
import { parseKind, type ApplyOutcome, type DocumentKind, type KindResult } from './kinds.ts';
import { locateProblems } from './locate.ts';
import { recordSourceStatus, statusRow } from './status.ts';

export interface RefreshDeps {
  db: Db;
  config: Config;
  clock: () => Date;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  metrics: Pick<Metrics, 'importDuration'>;
  events: EventBus;
}

export interface StepOutcome extends ApplyOutcome {
  /** A source path, or `documents: <Kind>`. */
  source: string;
  status: 'ok' | 'failed';
  problems: Problem[];
  count: number;
  durationMs: number;
}

export interface RefreshReport {
  outcomes: StepOutcome[];
  documents: SourceDocument[];
}

export const kindStatusName = (kind: DocumentKind) => `documents: ${kind.name}`;

/** The includes of every kind, as one function (a document is read by one kind). */
export function includesOf(kinds: readonly DocumentKind<any>[]): Includes {
  return (doc) => kinds.find((k) => k.matches(doc))?.includes?.(doc) ?? [];
}

export async function refreshSources<Env>(deps: RefreshDeps, kinds: readonly DocumentKind<Env>[], env: Env): Promise<RefreshReport> {
  const includes = includesOf(kinds);
  const limits = { maxFileBytes: deps.config.catalog.maxFileBytes };
  const outcomes: StepOutcome[] = [];
  const documents: SourceDocument[] = [];
  const failedFiles = new Set<string>();
  const failedSources: string[] = [];
  const texts = new Map<string, string>();
  const textOf = (f: string) => texts.get(f);
  const sourceKinds = kinds.filter((k) => k.scope === 'source');
  const setKinds = kinds.filter((k) => k.scope === 'all');

  for (const source of deps.config.catalog.sources) {
    const started = deps.clock();
    const path = isAbsolute(source) ? source : resolve(deps.config.baseDir, source);
    try {
      const read = await readDocuments([path], { limits, includes });
      read.failedFiles.forEach((f) => failedFiles.add(f));
      read.texts.forEach((t, f) => texts.set(f, t));
      const mine = read.documents.filter((d) => sourceKinds.some((k) => k.matches(d)));
      documents.push(...read.documents.filter((d) => !mine.includes(d)));
      for (const kind of sourceKinds) {
        const docs = mine.filter((d) => kind.matches(d));
        const outcome = await applyKind(deps, kind, docs, env, { source, started, extraProblems: read.problems, unknownFile: () => false, textOf });
        outcomes.push(outcome);
      }
    } catch (err) {
      failedSources.push(path);
      const p = problem(`the source could not be read: ${(err as Error).message}`, { file: source });
      const finished = deps.clock();
      await recordSourceStatus(deps.db, statusRow(source, { started, finished, ok: false, count: 0, problems: [p] }));
      deps.log.error({ err, source }, 'source could not be read; the other sources still refresh');
      outcomes.push({ source, status: 'failed', problems: [p], count: 0, durationMs: finished.getTime() - started.getTime() });
    }
  }

  const unknownFile = (file: string) => failedFiles.has(file) || failedSources.some((s) => file === s || file.startsWith(`${s}/`));
  for (const kind of setKinds) {
    const docs = documents.filter((d) => kind.matches(d));
    outcomes.push(await applyKind(deps, kind, docs, env, { started: deps.clock(), extraProblems: [], unknownFile, textOf }));
  }
  return { outcomes, documents };
}

interface ApplyOptions {
  source?: string;
  started: Date;
  extraProblems: Problem[];
  unknownFile(file: string): boolean;
  textOf(file: string): string | undefined;
}

async function applyKind<Env>(deps: RefreshDeps, kind: DocumentKind<Env>, docs: SourceDocument[], env: Env, o: ApplyOptions): Promise<StepOutcome> {
  const name = o.source ?? kindStatusName(kind as DocumentKind);
  const result: KindResult<unknown> = parseKind(kind, docs, env);
  let problems = [...o.extraProblems, ...result.problems];
  const blocked = result.blocked || (kind.scope === 'source' && errorsOnly(problems).length > 0);
  let outcome: ApplyOutcome = {};
  if (!blocked) {
    const now = deps.clock();
    outcome = await deps.db.transaction().execute((tx) => kind.apply({ db: tx, now, env, publish: (events) => deps.events.publish(tx, events, now) }, { source: o.source, items: result.items, invalid: result.invalid, unknownFile: o.unknownFile }));
    problems.push(...(outcome.problems ?? []));
    await kind.afterApply?.({ db: deps.db, now: deps.clock(), env, log: deps.log }, outcome);
  }
  problems = locateProblems(problems, o.textOf);
  const finished = deps.clock();
  const ok = !blocked && !outcome.rejected;
  const count = docs.length;
  if (count > 0 || problems.length > 0 || o.source) await recordSourceStatus(deps.db, statusRow(name, { started: o.started, finished, ok, count, problems }));
  const durationMs = finished.getTime() - o.started.getTime();
  deps.metrics.importDuration.observe({ source: name, status: ok ? 'ok' : 'failed' }, durationMs / 1000);
  const level = ok && errorsOnly(problems).length === 0 ? 'info' : 'warn';
  if (count > 0 || problems.length > 0) deps.log[level]({ source: name, status: ok ? 'ok' : 'failed', added: outcome.added, updated: outcome.updated, removed: outcome.removed, problems: problems.length }, ok ? 'documents applied' : 'documents not applied: the previous ones stay');
  return { ...outcome, source: name, status: ok ? 'ok' : 'failed', problems, count, durationMs };
}
