// The one lifecycle of every document kind Tally reads (Backstage entities, Scorecard, Policy,
// HackDay, Facts, and whatever a module adds): parse each document (pure) → check the whole set
// (pure) → apply it in one transaction. The same two pure steps serve `tally catalog validate`
// and `tally score --offline`, so every reader agrees on what is valid.
import type { Logger } from 'pino';
import type { Db } from '../db/connect.ts';
import type { DomainEvent } from '../events/events.ts';
import { errorsOnly, problem, type Problem } from '../problems.ts';
import type { Includes, SourceDocument } from './files.ts';

/** A valid document and what it parsed into. */
export interface Parsed<T> {
  value: T;
  doc: SourceDocument;
}

/** Where an invalid document was, and the name it claimed (so its stored version is kept). */
export interface Invalid {
  file: string;
  doc: number;
  name?: string;
}

export interface ApplySet<T> {
  /** The source being applied (kinds with `scope: 'source'`). */
  source?: string;
  items: Parsed<T>[];
  invalid: Invalid[];
  /** True for files whose content is unknown this time (unreadable, or in a source that failed): keep what came from them. */
  unknownFile(file: string): boolean;
}

export interface ApplyContext<Env> {
  /** The transaction everything is written in. */
  db: Db;
  now: Date;
  env: Env;
  /** Publishes domain events in the same transaction (e.g. `catalog.changed`). */
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export interface ApplyOutcome {
  added?: number;
  updated?: number;
  removed?: number;
  unchanged?: number;
  /** Problems found while applying (e.g. a name taken by the API); recorded with the parse problems. */
  problems?: Problem[];
  /** Nothing was written (e.g. a name another source owns): the previous state stays. */
  rejected?: boolean;
}

export interface DocumentKind<Env = unknown, T = any> {
  /** Unique; names the status row (`documents: Scorecard`) and the messages. */
  name: string;
  matches(doc: { apiVersion: string; kind: string }): boolean;
  /** One document → its value, or problems naming file, document and field. Pure. */
  parse(doc: SourceDocument, env: Env): { value?: T; name?: string; problems: Problem[] };
  /** Problems of the valid set as a whole (duplicates, references between documents). Pure. */
  checkSet?(items: readonly Parsed<T>[], env: Env): Problem[];
  /** Files a document pulls in (a Backstage Location's targets). */
  includes?: Includes;
  /** `source`: each source applied on its own (the catalog); `all`: one set across every source. */
  scope: 'source' | 'all';
  /** An invalid document (or set problem) keeps the whole previous set; otherwise the valid ones apply. */
  allOrNothing: boolean;
  apply(ctx: ApplyContext<Env>, set: ApplySet<T>): Promise<ApplyOutcome>;
  /** After the transaction committed (e.g. make evaluations due). */
  afterApply?(ctx: { db: Db; now: Date; env: Env; log: Pick<Logger, 'info' | 'warn'> }, outcome: ApplyOutcome): Promise<void>;
}

export interface KindResult<T> {
  kind: DocumentKind<unknown, T>;
  items: Parsed<T>[];
  invalid: Invalid[];
  problems: Problem[];
  /** Set-level errors, or an invalid document under allOrNothing: nothing of this kind applies. */
  blocked: boolean;
}

/** Parses documents with their kinds (pure). Documents no kind claims are a warning each. */
export function parseDocuments<Env>(documents: readonly SourceDocument[], kinds: readonly DocumentKind<Env>[], env: Env): { results: KindResult<unknown>[]; problems: Problem[] } {
  const byKind = new Map<DocumentKind<Env>, SourceDocument[]>(kinds.map((k) => [k, []]));
  const problems: Problem[] = [];
  for (const d of documents) {
    const kind = kinds.find((k) => k.matches(d));
    if (kind) byKind.get(kind)!.push(d);
    else problems.push(problem(`no part of Tally reads apiVersion ${d.apiVersion} kind ${d.kind}; the document is ignored`, { file: d.file, doc: d.doc, field: 'kind' }, 'warning'));
  }
  const results = [...byKind].map(([kind, docs]) => parseKind(kind, docs, env));
  return { results: results as KindResult<unknown>[], problems };
}

export function parseKind<Env, T>(kind: DocumentKind<Env, T>, docs: readonly SourceDocument[], env: Env): KindResult<T> {
  const items: Parsed<T>[] = [];
  const invalid: Invalid[] = [];
  const problems: Problem[] = [];
  for (const doc of docs) {
    const r = kind.parse(doc, env);
    problems.push(...r.problems.map((p) => ({ file: doc.file, doc: doc.doc, ...p })));
    if (r.value !== undefined && errorsOnly(r.problems).length === 0) items.push({ value: r.value, doc });
    else invalid.push({ file: doc.file, doc: doc.doc, name: r.name ?? claimedName(doc) });
  }
  const setProblems = kind.checkSet?.(items, env) ?? [];
  problems.push(...setProblems);
  const blocked = errorsOnly(setProblems).length > 0 || (kind.allOrNothing && invalid.length > 0);
  return { kind: kind as DocumentKind<unknown, T>, items, invalid, problems, blocked };
}

function claimedName(doc: SourceDocument): string | undefined {
  const name = (doc.body.metadata as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}
