// `tally change record` (for pipelines) and `tally change list`. Talks to a running server;
// fills what the flags leave open from the CI's variables (GitHub Actions, GitLab CI).
import type { Command } from 'commander';
import { CHANGE_KINDS, CHANGE_STATUSES, type ChangeInputRaw } from '../../common/changes.ts';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { choiceOption, choicesOption, collect, intOption } from '../platform/cli/options.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import { cliEnv } from '../platform/config.ts';

export interface RecordFlags {
  entity: string[];
  kind: string;
  summary: string;
  description?: string;
  version?: string;
  previousVersion?: string;
  status?: string;
  environment?: string;
  startedAt?: string;
  finishedAt?: string;
  commitAt?: string;
  automated?: boolean;
  link?: string[];
  label?: string[];
  externalId?: string;
  revertAction?: string;
  actor?: string;
}

/** What CI variables say about the change; flags always win over these. */
export function ciDefaults(ci: Record<string, string>): Partial<ChangeInputRaw> {
  if (ci.GITHUB_ACTIONS === 'true' || ci.GITHUB_RUN_ID) {
    const run = ci.GITHUB_SERVER_URL && ci.GITHUB_REPOSITORY && ci.GITHUB_RUN_ID ? `${ci.GITHUB_SERVER_URL}/${ci.GITHUB_REPOSITORY}/actions/runs/${ci.GITHUB_RUN_ID}` : undefined;
    return {
      version: ci.GITHUB_SHA || undefined,
      actor: ci.GITHUB_ACTOR || undefined,
      externalId: ci.GITHUB_RUN_ID ? `github-run:${ci.GITHUB_RUN_ID}` : undefined,
      links: run ? [{ url: run, title: 'Pipeline' }] : undefined,
      automated: true,
    };
  }
  if (ci.GITLAB_CI === 'true' || ci.CI_PIPELINE_ID) {
    return {
      version: ci.CI_COMMIT_SHA || undefined,
      actor: ci.GITLAB_USER_LOGIN || undefined,
      externalId: ci.CI_PIPELINE_ID ? `gitlab-pipeline:${ci.CI_PIPELINE_ID}` : undefined,
      links: ci.CI_PIPELINE_URL ? [{ url: ci.CI_PIPELINE_URL, title: 'Pipeline' }] : undefined,
      environment: ci.CI_ENVIRONMENT_NAME || undefined,
      commitAt: ci.CI_COMMIT_TIMESTAMP || undefined,
      automated: true,
    };
  }
  return ci.CI === 'true' ? { automated: true } : {};
}

/** The change to send: CI defaults, then flags. Pure, so it is tested without a server. */
export function changeFromFlags(f: RecordFlags, ci: Record<string, string>, now: Date): ChangeInputRaw {
  const fromCi = ciDefaults(ci);
  const labels = Object.fromEntries((f.label ?? []).map(parseLabel));
  const links = f.link?.length ? f.link.map((url) => ({ url })) : fromCi.links;
  const given = {
    entities: f.entity,
    kind: f.kind as ChangeInputRaw['kind'],
    summary: f.summary,
    description: f.description,
    version: f.version,
    previousVersion: f.previousVersion,
    actor: f.actor,
    status: f.status as ChangeInputRaw['status'],
    environment: f.environment,
    startedAt: f.startedAt ?? now.toISOString(),
    finishedAt: f.finishedAt,
    commitAt: f.commitAt,
    externalId: f.externalId,
    automated: f.automated ? true : undefined,
    revert: f.revertAction ? { action: f.revertAction } : undefined,
  };
  const merged: Record<string, unknown> = { ...fromCi, source: 'cli' };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) merged[k] = v;
  if (links) merged.links = links;
  if (Object.keys(labels).length) merged.labels = labels;
  return merged as ChangeInputRaw;
}

function parseLabel(s: string): [string, string] {
  const i = s.indexOf('=');
  if (i <= 0) throw new UsageError(`--label must be key=value, got "${s}"`);
  return [s.slice(0, i), s.slice(i + 1)];
}

interface Remote extends RemoteOptions {
  json?: boolean;
}

export function changeCommands(program: Command, io: CliIo): void {
  const change = program.command('change').description('record and list changes in the change database');
  remoteOptions(change.command('record'))
    .description('record a change (deploy, config, …); prints its id. Reads CI variables (GITHUB_SHA, CI_COMMIT_SHA, …) when present')
    .requiredOption('--entity <ref>', 'entity the change touched (repeatable)', collect, [])
    .requiredOption('--kind <kind>', CHANGE_KINDS.join(', '), choiceOption('--kind', CHANGE_KINDS))
    .requiredOption('--summary <text>', 'one line')
    .option('--description <text>')
    .option('--version <v>', 'what was rolled out (default: GITHUB_SHA / CI_COMMIT_SHA)')
    .option('--previous-version <v>', 'what it replaced (default: the last succeeded deploy)')
    .option('--status <status>', `${CHANGE_STATUSES.join(', ')} (default succeeded)`, choiceOption('--status', CHANGE_STATUSES))
    .option('--environment <env>', 'default production')
    .option('--started-at <iso>', 'default now')
    .option('--finished-at <iso>')
    .option('--commit-at <iso>', 'time of the newest commit (lead time)')
    .option('--actor <who>', 'default GITHUB_ACTOR / GITLAB_USER_LOGIN')
    .option('--automated', 'made by a pipeline (implied in CI)')
    .option('--link <url>', 'a link (repeatable)', collect)
    .option('--label <k=v>', 'a label (repeatable)', collect)
    .option('--external-id <id>', 'your id; recording the same id again updates the change (default github-run:<GITHUB_RUN_ID>)')
    .option('--revert-action <name>', 'a revert action from changes.revertActions')
    .option('--json', 'print the whole answer as JSON')
    .action(async (o: RecordFlags & Remote) => {
      const body = changeFromFlags(o, cliEnv(io.env).ci, new Date());
      const res = await callServer<{ id: string; unmapped: boolean; problems: { field?: string; message: string }[] }>(o, io, 'POST', '/api/v1/changes', body);
      io.stdout.write(o.json ? `${JSON.stringify(res, null, 2)}\n` : `${res.id}\n`);
      if (res.unmapped) io.stderr.write('warning: no entity of this change is in the catalog; it is kept, flagged unmapped\n');
      for (const p of res.problems ?? []) io.stderr.write(`warning: ${p.field ? `${p.field}: ` : ''}${p.message}\n`);
    });
  remoteOptions(change.command('list'))
    .description('recent changes, newest first')
    .option('--entity <ref>')
    .option('--with-dependencies', 'include the changes of what the entity depends on')
    .option('--kind <kinds>', `comma-separated: ${CHANGE_KINDS.join(', ')}`, choicesOption('--kind', CHANGE_KINDS))
    .option('--limit <n>', 'default 20', intOption('--limit'), 20)
    .option('--json')
    .action(async (o: Remote & { entity?: string; withDependencies?: boolean; kind?: string; limit: number }) => {
      const qs = new URLSearchParams({ limit: String(o.limit) });
      if (o.entity) qs.set('entity', o.entity);
      if (o.withDependencies) qs.set('withDependencies', 'true');
      if (o.kind) qs.set('kind', o.kind);
      const res = await callServer<{ items: { id: string; startedAt: string; kind: string; status: string; entities: string[]; summary: string }[] }>(o, io, 'GET', `/api/v1/changes?${qs}`);
      if (o.json) return void io.stdout.write(`${JSON.stringify(res.items, null, 2)}\n`);
      for (const c of res.items) io.stdout.write(`${c.startedAt}\t${c.kind}\t${c.status}\t${c.entities.join(',') || '-'}\t${c.summary}\t${c.id}\n`);
    });
}
