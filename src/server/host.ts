// Builds the Host from a module list: the grading environment (check types and context providers),
// the document kinds, config sections and migrations — and checks that no two modules declare the
// same thing. Everything that needs "all modules" gets the Host; nothing else reads modules.ts.
import type { z } from 'zod';
import { createGrading } from './checks/grading.ts';
import type { Host, TallyModule } from './module.ts';
import { loadConfig as loadConfigFile } from './platform/config.ts';
import { mergeMigrations } from './platform/db/migrate.ts';
import { createEventBus, type EventBus } from './platform/events/events.ts';
import { refreshSources } from './platform/documents/refresh.ts';
import { eventJobs } from './platform/events/jobs.ts';
import type { Job } from './platform/jobs/scheduler.ts';
import type { Config } from './platform/config.ts';
import type { ServeParts } from './platform/serve.ts';

export function createHost(modules: readonly TallyModule[]): Host {
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`module '${m.name}' is listed twice`);
    names.add(m.name);
  }
  const configSections: Record<string, z.ZodType> = {};
  for (const m of modules) {
    for (const [key, schema] of Object.entries(m.config ?? {})) {
      if (configSections[key]) throw new Error(`config section '${key}' is declared by two modules`);
      configSections[key] = schema;
    }
  }
  const documents = modules.flatMap((m) => m.documents ?? []);
  const kindNames = new Set<string>();
  for (const d of documents) {
    if (kindNames.has(d.name)) throw new Error(`document kind '${d.name}' is declared by two modules`);
    kindNames.add(d.name);
  }
  const grading = createGrading(
    modules.flatMap((m) => m.checkTypes ?? []),
    modules.flatMap((m) => m.contexts ?? []),
  );
  const migrations = mergeMigrations(...modules.map((m) => m.migrations ?? {}));
  return {
    modules,
    grading,
    documents,
    configSections,
    migrations,
    loadConfig: (file, env = process.env) => loadConfigFile(file, configSections, env),
  };
}

/** The platform's jobs (source refresh, event dispatch) and every module's. */
export function hostJobs(host: Host, config: Config): Job[] {
  const refresh: Job = { name: 'catalog-refresh', everyMs: config.catalog.refreshInterval, leaseMs: 60_000, run: async (deps) => void (await refreshSources(deps, host.documents, host)) };
  return [refresh, ...eventJobs(), ...host.modules.flatMap((m) => m.jobs?.(config, host) ?? [])];
}

/** One event bus for every module's handlers. */
export function hostEvents(host: Host): EventBus {
  return createEventBus(host.modules.flatMap((m) => m.events ?? []));
}

/** What `tally serve` and `tally worker` run: every module's routes, jobs, handlers and start-up work. */
export function serveParts(host: Host): ServeParts {
  return {
    migrations: host.migrations,
    events: hostEvents(host),
    jobs: (deps) => hostJobs(host, deps.config),
    routes: (app, deps) => {
      for (const m of host.modules) m.routes?.(app, deps, host);
    },
    start: async (deps) => {
      for (const m of host.modules) await m.start?.(deps, host);
    },
  };
}
