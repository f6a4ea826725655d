// Runtime controls shared by every process through the database: log level, pause background jobs.
// Each process applies them when it reads them (on request and on every scheduler tick).
import { z } from 'zod';
import { recordAudit } from './audit/audit.ts';
import type { Principal } from './auth/tokens.ts';
import type { AppDeps } from './deps.ts';

export const runtimeSchema = z.object({
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  jobsPaused: z.boolean(),
});
export type Runtime = z.infer<typeof runtimeSchema>;

type Deps = Pick<AppDeps, 'db' | 'config' | 'log' | 'clock'>;

export async function readRuntime(deps: Deps): Promise<Runtime> {
  const rows = await deps.db.selectFrom('runtime_settings').select(['key', 'value']).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  const runtime = runtimeSchema.parse({ logLevel: deps.config.logging.level, jobsPaused: false, ...stored });
  if (deps.log.level !== runtime.logLevel) deps.log.level = runtime.logLevel;
  return runtime;
}

export async function writeRuntime(deps: Deps, patch: Partial<Runtime>, who: Principal): Promise<Runtime> {
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    for (const [key, value] of Object.entries(patch)) {
      const row = { key, value: JSON.stringify(value), updated_at: now.toISOString() };
      await tx.insertInto('runtime_settings').values(row).onConflict((oc) => oc.column('key').doUpdateSet(row)).execute();
    }
    await recordAudit(tx, { actor: who.name, action: 'runtime.change', target: 'runtime', details: patch }, now);
  });
  return readRuntime(deps);
}
