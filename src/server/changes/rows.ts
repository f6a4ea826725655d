// Change record ⇄ row. Pure: the repository does the SQL, this does the shape.
import { redactChange, type Change, type ChangeInput } from '../../common/changes.ts';
import type { ChangeEntityRow, ChangeRow } from './tables.ts';

const SEARCH_TEXT_MAX = 4000;
/** Changes longer than this are "long running" for the suspects query (repository.ts). */
export const LONG_RUNNING_MS = 3_600_000;

export function changeToRow(input: ChangeInput, meta: { id: string; unmapped: boolean; createdAt: string; updatedAt: string }): ChangeRow {
  return {
    id: meta.id,
    source: input.source,
    external_id: input.externalId ?? null,
    kind: input.kind,
    summary: input.summary,
    description: input.description ?? null,
    version: input.version ?? null,
    previous_version: input.previousVersion ?? null,
    actor: input.actor ?? null,
    environment: input.environment,
    started_at: utc(input.startedAt),
    finished_at: input.finishedAt ? utc(input.finishedAt) : null,
    status: input.status,
    automated: input.automated ? 1 : 0,
    entities: JSON.stringify(input.entities),
    links: input.links ? JSON.stringify(input.links) : null,
    revert: input.revert ? JSON.stringify(input.revert) : null,
    postmortem_url: input.postmortemUrl ?? null,
    labels: input.labels ? JSON.stringify(input.labels) : null,
    commit_at: input.commitAt ? utc(input.commitAt) : null,
    revert_of: input.revertOf ?? null,
    unmapped: meta.unmapped ? 1 : 0,
    event_time: input.eventTime ? utc(input.eventTime) : null,
    created_at: meta.createdAt,
    updated_at: meta.updatedAt,
    search_text: searchText(input),
  };
}

/** A stored change as the API shows it: revert webhook secrets and header values redacted. */
export const presentChange = (row: ChangeRow): Change => redactChange(rowToChange(row));

export function rowToChange(row: ChangeRow): Change {
  const change: Record<string, unknown> = {
    id: row.id,
    entities: JSON.parse(row.entities) as string[],
    kind: row.kind,
    summary: row.summary,
    source: row.source,
    environment: row.environment,
    startedAt: row.started_at,
    status: row.status,
    automated: row.automated === 1 || (row.automated as unknown) === true,
    unmapped: row.unmapped === 1 || (row.unmapped as unknown) === true,
  };
  const optional: [string, string | null][] = [
    ['description', row.description],
    ['version', row.version],
    ['previousVersion', row.previous_version],
    ['actor', row.actor],
    ['externalId', row.external_id],
    ['finishedAt', row.finished_at],
    ['postmortemUrl', row.postmortem_url],
    ['commitAt', row.commit_at],
    ['revertOf', row.revert_of],
    ['eventTime', row.event_time],
  ];
  for (const [k, v] of optional) if (v !== null) change[k] = v;
  if (row.links) change.links = JSON.parse(row.links);
  if (row.revert) change.revert = JSON.parse(row.revert);
  if (row.labels) change.labels = JSON.parse(row.labels);
  return change as Change;
}

export function entityRows(row: Pick<ChangeRow, 'id' | 'entities' | 'started_at' | 'finished_at' | 'status'>): ChangeEntityRow[] {
  const refs = [...new Set(JSON.parse(row.entities) as string[])];
  const ended = row.finished_at ?? (row.status === 'in-progress' ? null : row.started_at);
  const long = ended === null || Date.parse(ended) - Date.parse(row.started_at) > LONG_RUNNING_MS ? 1 : 0;
  return refs.map((entity) => ({ change_id: row.id, entity, started_at: row.started_at, ended_at: ended, long_running: long }));
}

/** ISO-8601 UTC with milliseconds, so text order is time order on both engines. */
export function utc(iso: string): string {
  return new Date(iso).toISOString();
}

function searchText(input: ChangeInput): string {
  const parts = [input.summary, input.version, input.previousVersion, input.actor, input.externalId, ...input.entities, ...Object.values(input.labels ?? {}), input.description];
  return parts.filter(Boolean).join(' ').toLowerCase().slice(0, SEARCH_TEXT_MAX);
}
