// The demo's resource usage: `examples/acme/forecasts/usage.json`, next to the demo's tally.yaml,
// turned into samples ending now when `server.demo` is on and nothing is stored yet — so the
// forecasts page shows a disk that fills within its lead time (flagged), healthy resources, and
// one that cannot be forecast (a gap), whenever the demo starts.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { resolveFromConfig } from '../platform/config.ts';
import type { AppDeps } from '../platform/deps.ts';
import { InputError, zodProblems } from '../platform/problems.ts';
import { DAY_MS } from './exhaustion.ts';
import type { Series } from './methods/series.ts';
import { countSamples, replaceSamples } from './repository.ts';

export const DEMO_USAGE_FILE = 'forecasts/usage.json';

const seriesSchema = z.strictObject({
  resource: z.string().min(1),
  days: z.number().positive().max(400),
  stepMinutes: z.number().positive().max(1440),
  now: z.number(),
  perDay: z.number(),
  daily: z.number().min(0),
  noise: z.number().min(0),
  gapDays: z.number().min(0).optional(),
});
const fileSchema = z.object({ series: z.array(seriesSchema).max(100) });

/** A deterministic series ending at `endMs`: a trend, a daily cycle and noise. */
export function demoSeries(s: z.infer<typeof seriesSchema>, endMs: number): Series {
  const step = s.stepMinutes * 60_000;
  const n = Math.floor((s.days * DAY_MS) / step) + 1;
  const gapFrom = s.gapDays ? endMs - (s.days / 2) * DAY_MS : Infinity;
  const gapTo = gapFrom + (s.gapDays ?? 0) * DAY_MS;
  const t: number[] = [];
  const v: number[] = [];
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
  for (let i = n - 1; i >= 0; i--) {
    const at = endMs - i * step;
    const daysAgo = (endMs - at) / DAY_MS;
    const value = s.now - s.perDay * daysAgo + s.daily * Math.sin((2 * Math.PI * (at % DAY_MS)) / DAY_MS) + s.noise * noise();
    if (at >= gapFrom && at < gapTo) continue;
    t.push(at);
    v.push(Math.round(value * 1000) / 1000);
  }
  return { t: Float64Array.from(t), v: Float64Array.from(v) };
}

/** Seeds the demo usage; returns how many series (0 when not the demo, no file, or samples exist). */
export async function seedDemoUsage(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'log'>, file = resolveFromConfig(deps.config, DEMO_USAGE_FILE)): Promise<number> {
  if (!deps.config.server.demo || !existsSync(file)) return 0;
  if ((await countSamples(deps.db)) > 0) return 0;
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw InputError.fromProblems(`${file}: invalid demo usage`, zodProblems(parsed.error, { file }));
  const end = deps.clock().getTime();
  const endMs = end - (end % 60_000);
  await deps.db.transaction().execute(async (tx) => {
    for (const s of parsed.data.series) await replaceSamples(tx, s.resource, demoSeries(s, endMs));
  });
  deps.log.info({ count: parsed.data.series.length, file }, 'demo resource usage seeded');
  return parsed.data.series.length;
}
