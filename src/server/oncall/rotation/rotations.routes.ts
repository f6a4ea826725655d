// Rotations over HTTP: the list and one rotation with who is on call now and next, shifts and
// gaps over a window, the iCalendar feeds (per rotation and per person), overrides (409 when
// they overlap), rotations written through the API, and "who is on call now" per team.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { oncallNowSchema, rotationStatsSchema, overrideBodySchema, overrideListSchema, overrideSchema, rotationListSchema, rotationSummarySchema, shiftSchema, shiftsSchema } from '../../../common/api/oncall.ts';
import { catalogSnapshot } from '../../catalog/index.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { canRead, mustHave } from '../../platform/http/auth.ts';
import { instantParam, timeRange } from '../../platform/http/params.ts';
import { ConflictError, InputError, NotFoundError, problem } from '../../platform/problems.ts';
import { personOf } from '../people.ts';
import { rotationHealth, rotationLoad } from '../health/facts.ts';
import { pagesBetween } from '../pages/repository.ts';
import { forgetReadModels } from '../read-models.ts';
import { presentRotation, presentShift } from '../present.ts';
import type { OverrideRow } from '../tables.ts';
import { userRef } from './document.ts';
import { shiftsCalendar, type CalendarShift } from './ical.ts';
import { deleteApiRotation, directory, putApiRotation } from './kind.ts';
import { deleteOverride, insertOverride, overridesBetween } from './repository.ts';
import { gapsIn, shiftsBetween } from './schedule.ts';
import { apiOverrides, apiOverridesByRotation, loadRotations, rotationNamed } from './store.ts';

const tags = ['oncall'];
const DAY = 86_400_000;
const nameParams = z.object({ name: z.string().regex(/^[a-z0-9-]{1,63}$/, 'a rotation name') });
const userParams = z.object({ user: z.string().min(1).max(200).describe('a User name or ref') });
const rangeQuery = z.object({ from: instantParam.optional(), to: instantParam.optional() });

export function rotationsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const nowMs = () => deps.clock().getTime();

  r.get('/api/v1/rotations', { schema: { tags, summary: 'Rotations, with who is on call now and next', response: { 200: rotationListSchema } } }, async (req) => {
    canRead(req);
    const [set, catalog] = await Promise.all([loadRotations(deps.db), catalogSnapshot(deps.db)]);
    const now = nowMs();
    const overrides = await apiOverridesByRotation(deps.db, now, now + 56 * DAY);
    return { items: set.list.map((s) => presentRotation(catalog, s, overrides.get(s.rotation.name) ?? [], now)) };
  });

  r.get('/api/v1/oncall/now', { schema: { tags, summary: 'Who is on call now, per team, with the services each rotation answers for', response: { 200: oncallNowSchema } } }, async (req) => {
    canRead(req);
    const [set, catalog] = await Promise.all([loadRotations(deps.db), catalogSnapshot(deps.db)]);
    const now = nowMs();
    const overrides = await apiOverridesByRotation(deps.db, now, now + 56 * DAY);
    const teams = new Map<string, { team: string; teamName: string; rotations: z.infer<typeof oncallNowSchema>['teams'][number]['rotations'] }>();
    for (const s of set.list) {
      const p = presentRotation(catalog, s, overrides.get(s.rotation.name) ?? [], now);
      const owned = catalog.entities.filter((e) => e.kind === 'component' && (e.owner === s.rotation.owner || s.rotation.services.includes(e.ref))).map((e) => e.ref);
      const group = catalog.byRef.get(s.rotation.owner);
      const team = teams.get(s.rotation.owner) ?? { team: s.rotation.owner, teamName: (group?.entity.metadata.title as string | undefined) ?? s.rotation.owner.replace(/^group:default\//, ''), rotations: [] };
      team.rotations.push({ name: p.name, title: p.title, now: p.now, next: p.next, services: owned });
      teams.set(s.rotation.owner, team);
    }
    return { at: new Date(now).toISOString(), teams: [...teams.values()].sort((a, b) => a.teamName.localeCompare(b.teamName)) };
  });

  r.get('/api/v1/rotations/:name', { schema: { tags, summary: 'One rotation', params: nameParams, response: { 200: rotationSummarySchema } } }, async (req) => {
    canRead(req);
    const s = await rotationNamed(deps.db, req.params.name);
    const now = nowMs();
    return presentRotation(await catalogSnapshot(deps.db), s, await apiOverrides(deps.db, s.rotation.name, now, now + 56 * DAY), now);
  });

  r.put('/api/v1/rotations/:name', { schema: { tags, summary: 'Create or replace a rotation made through the API (editor): the Rotation document as JSON; 409 for one from the sources', params: nameParams, body: z.looseObject({}), response: { 200: rotationSummarySchema } } }, async (req) => {
    mustHave(req, 'editor');
    await deps.db.transaction().execute((tx) => putApiRotation(tx, req.params.name, req.body, deps.clock()));
    forgetReadModels(deps.db);
    const s = await rotationNamed(deps.db, req.params.name);
    const now = nowMs();
    return presentRotation(await catalogSnapshot(deps.db), s, await apiOverrides(deps.db, s.rotation.name, now, now + 56 * DAY), now);
  });

  r.delete('/api/v1/rotations/:name', { schema: { tags, summary: 'Delete a rotation made through the API (editor)', params: nameParams, response: { 204: z.null() } } }, async (req, reply) => {
    mustHave(req, 'editor');
    if (!(await deleteApiRotation(deps.db, req.params.name))) throw new NotFoundError(`no rotation named ${req.params.name}`);
    forgetReadModels(deps.db);
    return reply.status(204).send(null);
  });

  r.get('/api/v1/rotations/:name/shifts', { schema: { tags, summary: 'Shifts and gaps between from (default now) and to (default 4 weeks later, at most 92 days)', params: nameParams, querystring: rangeQuery, response: { 200: shiftsSchema } } }, async (req) => {
    canRead(req);
    const s = await rotationNamed(deps.db, req.params.name);
    const now = deps.clock();
    const { from, to } = timeRange({ from: req.query.from ?? now.toISOString(), to: req.query.to ?? new Date((req.query.from ? Date.parse(req.query.from) : now.getTime()) + 28 * DAY).toISOString() }, { now, defaultDays: 28, maxDays: 92 });
    const segs = shiftsBetween(s.rotation, await apiOverrides(deps.db, s.rotation.name, from.getTime(), to.getTime()), from.getTime(), to.getTime());
    const catalog = await catalogSnapshot(deps.db);
    return { rotation: s.rotation.name, from: from.toISOString(), to: to.toISOString(), shifts: segs.map((g) => presentShift(catalog, g)), gaps: gapsIn(segs, from.getTime(), to.getTime()).map((g) => ({ start: new Date(g.start).toISOString(), end: new Date(g.end).toISOString() })) };
  });

  r.get('/api/v1/rotations/:name/stats', { schema: { tags, summary: 'Load and fatigue: health over the next 28 days (people, gaps, shifts per person, double bookings) and load over the last `days` (pages, off-hours, time to ACK, escalations, hours on call, noisiest alerts)', params: nameParams, querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }), response: { 200: rotationStatsSchema } } }, async (req) => {
    canRead(req);
    const s = await rotationNamed(deps.db, req.params.name);
    const now = nowMs();
    const set = await loadRotations(deps.db);
    const ahead = await apiOverridesByRotation(deps.db, now, now + 28 * DAY);
    const others = set.list.map((o) => ({ rotation: o.rotation, overrides: ahead.get(o.rotation.name) ?? [] }));
    const from = now - req.query.days * DAY;
    const pages = await pagesBetween(deps.db, new Date(from).toISOString(), new Date(now + 1).toISOString());
    return { health: rotationHealth(s.rotation, ahead.get(s.rotation.name) ?? [], others, now), load: rotationLoad(s.rotation, await apiOverrides(deps.db, s.rotation.name, from, now), pages, now, req.query.days) };
  });

  const ics = { 200: { content: { 'text/calendar': { schema: z.string().describe('an iCalendar (RFC 5545) feed of shifts') } } } };
  r.get('/api/v1/rotations/:name/calendar.ics', { schema: { tags, summary: "The rotation's shifts as an iCalendar feed (a week back, oncall.calendarWeeks ahead)", params: nameParams, response: ics } }, async (req, reply) => {
    canRead(req);
    const s = await rotationNamed(deps.db, req.params.name);
    const { from, to } = feedWindow(deps);
    const segs = shiftsBetween(s.rotation, await apiOverrides(deps.db, s.rotation.name, from, to), from, to).map((g) => ({ ...g, rotation: s.rotation.name, rotationTitle: s.rotation.title }));
    return reply.type('text/calendar; charset=utf-8').send(shiftsCalendar(`On call: ${s.rotation.title ?? s.rotation.name}`, segs, await catalogSnapshot(deps.db), deps.clock(), deps.config.server.publicUrl));
  });

  r.get('/api/v1/oncall/people/:user/calendar.ics', { schema: { tags, summary: "A person's shifts on every rotation as an iCalendar feed", params: userParams, response: ics } }, async (req, reply) => {
    canRead(req);
    const { user, shifts, catalog } = await personShifts(deps, req.params.user, feedWindow(deps));
    return reply.type('text/calendar; charset=utf-8').send(shiftsCalendar(`On call: ${personOf(catalog, user).name}`, shifts, catalog, deps.clock(), deps.config.server.publicUrl));
  });

  r.get('/api/v1/oncall/people/:user/shifts', { schema: { tags, summary: "A person's shifts on every rotation (my shifts), from now for 4 weeks by default", params: userParams, querystring: rangeQuery, response: { 200: z.object({ user: z.string(), items: z.array(shiftSchema.extend({ rotation: z.string() })) }) } } }, async (req) => {
    canRead(req);
    const now = deps.clock();
    const { from, to } = timeRange({ from: req.query.from ?? now.toISOString(), to: req.query.to ?? new Date((req.query.from ? Date.parse(req.query.from) : now.getTime()) + 28 * DAY).toISOString() }, { now, defaultDays: 28, maxDays: 92 });
    const { user, shifts, catalog } = await personShifts(deps, req.params.user, { from: from.getTime(), to: to.getTime() });
    return { user, items: shifts.map((s) => ({ ...presentShift(catalog, s), rotation: s.rotation })) };
  });

  r.get('/api/v1/rotations/:name/overrides', { schema: { tags, summary: 'Overrides made through the API that have not ended', params: nameParams, response: { 200: overrideListSchema } } }, async (req) => {
    canRead(req);
    await rotationNamed(deps.db, req.params.name);
    const rows = await overridesBetween(deps.db, req.params.name, deps.clock().toISOString(), '9999-12-31T00:00:00.000Z');
    return { items: rows.map(presentOverride) };
  });

  r.post('/api/v1/rotations/:name/overrides', { schema: { tags, summary: 'Put someone on call instead (editor); 409 when it overlaps another override', params: nameParams, body: overrideBodySchema, response: { 201: overrideSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    const b = req.body;
    const from = new Date(b.from).toISOString();
    const to = new Date(b.to).toISOString();
    if (to <= from) throw InputError.fromProblems('invalid override', [problem('must be after from', { field: 'body.to' })]);
    const row: OverrideRow = { id: randomUUID(), rotation: req.params.name, user_ref: userRef(b.user), covers: b.covers ? userRef(b.covers) : null, starts_at: from, ends_at: to, created_by: who.name, created_at: deps.clock().toISOString() };
    const s = await rotationNamed(deps.db, req.params.name);
    await deps.db.transaction().execute(async (tx) => {
      const dir = await directory(tx);
      const bad = [row.user_ref, row.covers].flatMap((u, i) => (u && !dir.users.has(u) ? [problem(`unknown user ${u}: no such User in the catalog`, { field: i === 0 ? 'body.user' : 'body.covers' })] : []));
      if (bad.length > 0) throw InputError.fromProblems('invalid override', bad);
      const clash = [...(await overridesBetween(tx, s.rotation.name, from, to)).map((o) => ({ from: o.starts_at, to: o.ends_at })), ...s.rotation.overrides.filter((o) => o.from < to && from < o.to)];
      if (clash.length > 0) throw new ConflictError(`the override overlaps another one on ${s.rotation.name} (${clash[0]!.from} – ${clash[0]!.to})`);
      await insertOverride(tx, row);
    });
    forgetReadModels(deps.db);
    return reply.status(201).send(presentOverride(row));
  });

  r.delete('/api/v1/rotations/:name/overrides/:id', { schema: { tags, summary: 'Remove an override (editor)', params: nameParams.extend({ id: z.string().uuid() }), response: { 204: z.null() } } }, async (req, reply) => {
    mustHave(req, 'editor');
    if ((await deleteOverride(deps.db, req.params.name, req.params.id)) === 0) throw new NotFoundError(`no override ${req.params.id} on ${req.params.name}`);
    forgetReadModels(deps.db);
    return reply.status(204).send(null);
  });
}

function feedWindow(deps: AppDeps): { from: number; to: number } {
  const now = deps.clock().getTime();
  return { from: now - 7 * DAY, to: now + deps.config.oncall.calendarWeeks * 7 * DAY };
}

async function personShifts(deps: AppDeps, name: string, w: { from: number; to: number }) {
  const user = userRef(name);
  const catalog = await catalogSnapshot(deps.db);
  if (catalog.byRef.get(user)?.kind !== 'user') throw new NotFoundError(`no User ${user} in the catalog`);
  const set = await loadRotations(deps.db);
  const overrides = await apiOverridesByRotation(deps.db, w.from, w.to);
  const shifts: CalendarShift[] = set.list.flatMap((s) =>
    shiftsBetween(s.rotation, overrides.get(s.rotation.name) ?? [], w.from, w.to)
      .filter((g) => g.user === user)
      .map((g) => ({ ...g, rotation: s.rotation.name, rotationTitle: s.rotation.title })),
  );
  shifts.sort((a, b) => a.start - b.start);
  return { user, shifts, catalog };
}

const presentOverride = (o: OverrideRow) => ({ id: o.id, rotation: o.rotation, user: o.user_ref, covers: o.covers, from: o.starts_at, to: o.ends_at, createdBy: o.created_by, createdAt: o.created_at });
