// The demo's week of changes: `examples/acme/changes/seed.json`, next to the demo's tally.yaml,
// loaded when `server.demo` is on and the change table is empty. Times in the file are relative
// to now ("-35m", "-2d4h"), so the suspects of an incident "now" are meaningful whenever the
// demo runs. Recorded through recordChanges, like every other change.
import { existsSync, readFileSync } from 'node:fs';
import { changeInputSchema, type ChangeInput } from '../../../common/changes.ts';
import { resolveFromConfig } from '../../platform/config.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { InputError, zodProblems } from '../../platform/problems.ts';
import { countChanges } from '../repository.ts';
import { recordChanges } from './record.ts';

export const DEMO_SEED_FILE = 'changes/seed.json';
const TIME_FIELDS = ['startedAt', 'finishedAt', 'commitAt', 'eventTime'] as const;
const RELATIVE = /^-(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

/** Seeds the demo changes; returns how many were recorded (0 when not the demo, no file, or not empty). */
export async function seedDemoChanges(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'log'>, file = resolveFromConfig(deps.config, DEMO_SEED_FILE)): Promise<number> {
  if (!deps.config.server.demo || !existsSync(file)) return 0;
  if ((await countChanges(deps.db)) > 0) return 0;
  const now = deps.clock();
  const inputs = parseSeed(JSON.parse(readFileSync(file, 'utf8')) as unknown, now, file);
  await deps.db.transaction().execute((trx) => recordChanges(trx, inputs, now, { batch: true }));
  deps.log.info({ count: inputs.length, file }, 'demo changes seeded');
  return inputs.length;
}

export function parseSeed(raw: unknown, now: Date, file: string): ChangeInput[] {
  if (!Array.isArray(raw)) throw new InputError(`${file}: expected a JSON array of changes`);
  return raw.map((item: Record<string, unknown>, i) => {
    const resolved: Record<string, unknown> = { ...item };
    for (const field of TIME_FIELDS) if (typeof item[field] === 'string') resolved[field] = relativeTime(item[field] as string, now);
    const parsed = changeInputSchema.safeParse(resolved);
    if (!parsed.success) throw InputError.fromProblems(`${file}: invalid demo change`, zodProblems(parsed.error, { file }, `[${i}]`));
    return parsed.data;
  });
}

/** `-35m`, `-2d4h` → now minus that, as ISO; anything else is returned as written. */
export function relativeTime(value: string, now: Date): string {
  const m = RELATIVE.exec(value.trim());
  if (!m || value.trim() === '-') return value;
  const [d, h, min] = [m[1], m[2], m[3]].map((x) => Number(x ?? 0));
  return new Date(now.getTime() - ((d * 24 + h) * 60 + min) * 60_000).toISOString();
}
