// Load and fatigue per team over HTTP: the team's rotations added up over the last `days`, with
// each person's share and the pages week by week (the charts of the team's load page).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { teamLoadSchema } from '../../../common/api/oncall.ts';
import { normalizeRef } from '../../../common/refs.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { canRead } from '../../platform/http/auth.ts';
import { NotFoundError } from '../../platform/problems.ts';
import { catalogSnapshot } from '../../catalog/index.ts';
import { pagesBetween } from '../pages/repository.ts';
import { apiOverridesByRotation, loadRotations } from '../rotation/store.ts';
import { teamLoad } from './team-load.ts';

const DAY = 86_400_000;

export function loadRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ team: z.string().min(1).max(200).describe('a Group name or ref, e.g. team-payments') });
  const query = z.object({ days: z.coerce.number().int().min(7).max(365).default(30) });
  r.get('/api/v1/oncall/teams/:team/load', { schema: { tags: ['oncall'], summary: "Load and fatigue of a team's rotations over the last `days`: pages per week, off-hours pages, time to ACK, escalations, hours on call per person per month, the noisiest alerts; per person and week by week", params, querystring: query, response: { 200: teamLoadSchema } } }, async (req) => {
    canRead(req);
    const team = normalizeRef(req.params.team, { defaultKind: 'group' }) ?? req.params.team;
    if ((await catalogSnapshot(deps.db)).byRef.get(team)?.kind !== 'group') throw new NotFoundError(`no Group ${team} in the catalog`);
    const now = deps.clock().getTime();
    const from = now - req.query.days * DAY;
    const mine = (await loadRotations(deps.db)).list.filter((s) => s.rotation.owner === team);
    const overrides = await apiOverridesByRotation(deps.db, from, now);
    const pages = await pagesBetween(deps.db, new Date(from).toISOString(), new Date(now + 1).toISOString());
    return teamLoad(team, mine.map((s) => ({ rotation: s.rotation, overrides: overrides.get(s.rotation.name) ?? [] })), pages, now, req.query.days);
  });
}
