// The contract of a Tally module: one record per domain says everything it adds. The platform
// never imports a domain; it is handed these parts (routes, jobs, document kinds, event handlers,
// migrations, config sections) by host.ts, which reads them from the list in modules.ts.
// Adding a domain = a folder exporting a TallyModule, one line in modules.ts, and its migrations.
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Grading } from './checks/grading.ts';
import type { CheckType, ContextProvider } from './checks/types.ts';
import type { CliIo } from './platform/cli/io.ts';
import type { Config } from './platform/config.ts';
import type { Migrations } from './platform/db/migrate.ts';
import type { AppDeps } from './platform/deps.ts';
import type { DocumentKind } from './platform/documents/kinds.ts';
import type { EventHandler } from './platform/events/events.ts';
import type { Job } from './platform/jobs/scheduler.ts';

export interface TallyModule {
  /** The folder's name; unique. */
  name: string;
  /** The tally.yaml sections it owns, by key (each also declared in ConfigSections for its type). */
  config?: Readonly<Record<string, z.ZodType>>;
  /** Frozen migrations by name (`NNNN_what`); all modules' run in name order. */
  migrations?: Migrations;
  /** The tables it owns: only its own folder writes SQL against them (boundaries.test.ts). */
  tables?: readonly string[];
  /** The document kinds it reads from the sources and the API (parse → check the set → apply). */
  documents?: readonly DocumentKind<Host>[];
  /** Check types scorecards may use. */
  checkTypes?: readonly CheckType<any>[];
  /** Per-entity data for checks and CEL. */
  contexts?: readonly ContextProvider<any>[];
  /** Handlers of domain events (any module's). */
  events?: readonly EventHandler[];
  routes?(app: FastifyInstance, deps: AppDeps, host: Host): void;
  jobs?(config: Config, host: Host): Job[];
  /** `tally` subcommands. */
  commands?(program: Command, io: CliIo, host: Host): void;
  /** Runs once when `tally serve` has started (e.g. the demo's preparation). */
  start?(deps: AppDeps, host: Host): Promise<void>;
  /** Why this process should not get traffic yet (`/readyz` answers 503 with it); undefined when ready. */
  notReadyBecause?(deps: AppDeps): Promise<string | undefined>;
}

/** What modules can reach of each other, built once from the module list (host.ts). */
export interface Host {
  readonly modules: readonly TallyModule[];
  readonly grading: Grading;
  readonly documents: readonly DocumentKind<Host>[];
  readonly configSections: Readonly<Record<string, z.ZodType>>;
  readonly migrations: Migrations;
  loadConfig(file: string | undefined, env?: Record<string, string | undefined>): Config;
}

/**
 * Runs `start` in the background once every module says the server is ready (or after 10 minutes):
 * for demo props such as a demo Prometheus, which must not slow the demo's own preparation. A
 * failure is logged as `what` having failed.
 */
export function whenReady(deps: AppDeps, host: Host, what: string, start: () => Promise<unknown>): void {
  const ready = async () => {
    const deadline = Date.now() + 10 * 60_000;
    while (Date.now() < deadline) {
      const reasons = await Promise.all(host.modules.map((m) => m.notReadyBecause?.(deps)));
      if (reasons.every((r) => r === undefined)) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  void ready()
    .then(start)
    .catch((err: Error) => deps.log.warn({ err: err.message }, `${what} failed`));
}
