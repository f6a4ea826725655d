// Property-based tests (fast-check) on every input Tally accepts (issue 19, item 5): CEL
// expressions, catalog and Tally YAML documents (alias bombs, huge scalars, mutated documents),
// API bodies, webhooks (GitHub, PagerDuty, generic) and times. Invariants: no crash (no throw, no
// 5xx), no hang beyond the limit, an error that names where, and nothing half-applied. Runs are
// bounded (numRuns) so the file stays within seconds; a failure prints its shrunk counterexample.
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dump } from 'js-yaml';
import { parseInstant } from '../../src/common/instant.ts';
import { compileCel, runCel } from '../../src/server/platform/cel/cel.ts';
import { parseYaml } from '../../src/server/platform/documents/yaml.ts';
import { MAX_JSON_DEPTH, parseJsonBody } from '../../src/server/platform/http/input.ts';
import { validatePaths } from '../../src/server/catalog/validate-command.ts';
import { changesTestApp, type ChangesTestApp } from '../../src/server/changes/testing.ts';
import { describeEachEngine } from '../../src/server/testing/db.ts';
import { testHost } from '../../src/server/testing/host.ts';

const RUNS = Number(process.env.TALLY_FUZZ_RUNS ?? 150);
const LIMIT_MS = 250;

// ---------- CEL ----------

const ident = fc.constantFrom('entity', 'tier', 'l', 's', 'x');
const literal = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d))),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null', '[]', '{}', `[${Array.from({ length: 60 }, (_, i) => i).join(',')}]`),
);
const regex = fc.stringMatching(/^[a-z()+*?|.\\^$[\]{}0-9]{0,12}$/).map((r) => JSON.stringify(r));
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    ident,
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||', 'in'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('expr').map((a) => `!${a}`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(tie('expr'), fc.constantFrom('size()', 'contains("a")', 'startsWith("x")', 'metadata', '?name', 'name')).map(([a, m]) => `${a}.${m}`),
    fc.tuple(tie('expr'), regex).map(([a, r]) => `${a}.matches(${r})`),
    fc.tuple(tie('expr'), fc.constantFrom('all', 'exists', 'exists_one', 'map', 'filter'), tie('expr')).map(([a, m, b]) => `${a}.${m}(v, ${b})`),
    fc.tuple(fc.constantFrom('l', '[1,2,3]', 'entity.metadata.tags'), fc.constantFrom('all', 'exists', 'map'), tie('expr')).map(([a, m, b]) => `${a}.${m}(v, ${a}.${m}(w, ${b}))`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `cel.bind(x, ${a}, ${b})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `[${a}, ${b}]`),
  ),
}));
const TYPES = { entity: 'map<string, dyn>', tier: 'int', l: 'list<dyn>', s: 'string', x: 'dyn' };
const VARS = { entity: { metadata: { name: 'svc', tags: ['a', 'b'] }, spec: { tier: 1 } }, tier: 1n, l: Array.from({ length: 200 }, (_, i) => i), s: 'a'.repeat(3000), x: null };

describe('fuzz: CEL', () => {
  it('compiles or names the field, and runs to a value or an error within the limit — never throws', () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: expr }, { weight: 1, arbitrary: fc.string({ maxLength: 200 }) }), (source) => {
        const c = compileCel(source, TYPES, { field: 'check.expr' });
        if (!c.program) {
          expect(c.problems.length).toBeGreaterThan(0);
          for (const p of c.problems) expect(p.field).toBe('check.expr');
          return;
        }
        // CPU time: the machine is shared, and wall time would count other processes' turns.
        const before = process.cpuUsage();
        const r = runCel(c.program, VARS);
        const cpu = process.cpuUsage(before);
        expect((cpu.user + cpu.system) / 1000, source).toBeLessThan(LIMIT_MS);
        expect('value' in r || typeof r.error === 'string').toBe(true);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('deeply nested expressions are refused at compile time, naming the field', () => {
    fc.assert(
      fc.property(fc.integer({ min: 51, max: 3000 }), fc.constantFrom('(', '[', '!', '-'), (depth, open) => {
        const close = open === '(' ? ')' : open === '[' ? ']' : '';
        const c = compileCel(`${open.repeat(depth)}1${close.repeat(depth)}`, TYPES, { field: 'expr' });
        if (c.program) {
          // Unary chains may fold flat: then the expression runs, within the limit.
          const before = process.cpuUsage();
          runCel(c.program, VARS);
          const cpu = process.cpuUsage(before);
          expect((cpu.user + cpu.system) / 1000).toBeLessThan(LIMIT_MS);
        } else expect(c.problems[0]).toMatchObject({ field: 'expr' });
      }),
      { numRuns: 30 },
    );
  });
});

// ---------- YAML documents ----------

const located = (p: { file?: string; line?: number }) => typeof p.file === 'string' && (p.line === undefined || p.line >= 1);

describe('fuzz: YAML documents', () => {
  it('arbitrary text parses to documents or located problems, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: fc.constantFrom('a', ':', ' ', '\n', '-', '&a', '*a', '[', ']', '{', '}', '"', "'", '!', '|', '>', '#', '<<', '---\n', '\t'), maxLength: 200 })), (text) => {
        const r = parseYaml(text, 'fuzz.yaml');
        for (const p of r.problems) expect(located(p)).toBe(true);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('alias bombs of any shape are refused fast with a problem at a line, in bounded memory', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.boolean(), (levels, width, merge) => {
        const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
        for (let i = 1; i < levels; i++) lines.push(merge ? `a${i}: &a${i} {<<: [*a${i - 1}], k${i}: [${Array(width).fill(`*a${i - 1}`).join(',')}]}` : `a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(',')}]`);
        const t = performance.now();
        const r = parseYaml(lines.join('\n'), 'bomb.yaml');
        expect(performance.now() - t).toBeLessThan(1000);
        if (width ** levels > 10_000) expect(r.problems.some((p) => /alias|resource exhaustion/i.test(p.message) && located(p))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('mutated catalog and Tally documents: tally catalog validate answers located problems, never throws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-fuzz-yaml-'));
    const base = [
      { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'svc', annotations: { 'tally.dev/repo-path': 'x' } }, spec: { type: 'service', lifecycle: 'production', owner: 'team-a', dependsOn: ['component:db'] } },
      { apiVersion: 'tally.dev/v1', kind: 'Scorecard', metadata: { name: 'sc' }, spec: { appliesTo: { kind: 'Component' }, requirements: [{ id: 'r', title: 'r', weight: 1, check: { type: 'expr', expr: 'true' } }] } },
      { apiVersion: 'tally.dev/v1', kind: 'Policy', metadata: { name: 'p' }, spec: { scorecard: 'sc', timeZone: 'Europe/Amsterdam', grades: { B: { deploy: { windows: [{ days: ['mon-fri'], from: '06:00', to: '22:00' }] } } }, freezes: [{ name: 'f', from: '2026-12-20', to: '2027-01-04' }] } },
    ];
    const paths = fc.constantFrom(['metadata', 'name'], ['spec', 'owner'], ['spec', 'requirements', 0, 'check', 'expr'], ['spec', 'grades', 'B', 'deploy', 'windows', 0, 'from'], ['spec', 'freezes', 0, 'to'], ['spec', 'timeZone'], ['metadata', 'annotations', 'tally.dev/repo-path'], ['spec', 'dependsOn', 0], ['kind'], ['spec']);
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('2024-02-30', '25:00', '..', '/etc', '\u0000', 'x'.repeat(100_000), '(a+)+$', `${'['.repeat(60)}`));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: base.length - 1 }), paths, value, async (which, path, v) => {
        const doc = structuredClone(base[which]) as Record<string, unknown>;
        let at: Record<string | number, unknown> = doc;
        for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string | number, unknown>;
        at[path[path.length - 1]] = v;
        const file = join(dir, `doc-${n++}.yaml`);
        writeFileSync(file, dump(doc, { lineWidth: -1 }));
        const t = performance.now();
        const report = await validatePaths([file], testHost.documents, testHost);
        expect(performance.now() - t).toBeLessThan(2000);
        for (const line of report.lines) expect(line).toMatch(/^[^:]+\.yaml(:\d+:\d+)?: /);
      }),
      { numRuns: RUNS },
    );
  });

  it('huge scalars are read or refused by the size limit, never a crash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 3_000_000 }), fc.constantFrom('a', 'é', '\\n'), (size, unit) => {
        const r = parseYaml(`apiVersion: v1\nkind: K\nx: "${unit.repeat(size / unit.length)}"\n`, 'big.yaml');
        expect(r.documents.length + r.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 10 },
    );
  });
});

// ---------- request bodies and times (pure) ----------

describe('fuzz: request bodies and times', () => {
  it('any bytes as a JSON body parse or throw a 4xx error naming the body, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')), fc.integer({ min: MAX_JSON_DEPTH - 2, max: 5000 }).map((d) => Buffer.from(`${'['.repeat(d)}${']'.repeat(d)}`))), fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1'), (body, type) => {
        try {
          parseJsonBody(body, type);
        } catch (err) {
          expect(['input', 'unsupported-media']).toContain((err as { kind?: string }).kind);
          expect((err as Error).message).toMatch(/^request body: /);
        }
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('parseInstant accepts a date exactly when it is real, and never throws', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), (y, m, d, h) => {
        const pad = (n: number, w = 2) => String(n).padStart(w, '0');
        const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(h)}:00:00Z`;
        const r = parseInstant(text);
        const real = m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(2000, m, 0)).getUTCDate() - (m === 2 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 1 : 0) && h <= 23;
        expect(r.ok, text).toBe(real);
      }),
      { numRuns: RUNS * 4 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => void parseInstant(s)), { numRuns: RUNS * 4 });
  });
});

// ---------- the API and webhooks, on both engines ----------

const GH_SECRET = 'fuzz-gh-secret';
const changesConfig = {
  github: { webhookSecret: GH_SECRET },
  pagerduty: { routingKeys: { R0UTINGKEYCHECKOUT000000000000001: ['checkout'] } },
  webhooks: { generic: { mapping: { entities: '[body.service]', kind: '"deploy"', summary: '"Deploy " + string(body.version)', startedAt: 'body.at' } } },
};

describeEachEngine('fuzz: API bodies and webhooks', ({ db }) => {
  let t: ChangesTestApp;
  const count = async () => Number((await db().db.selectFrom('changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await changesTestApp(db(), { changes: changesConfig });
  });
  afterAll(async () => t?.app.close());

  const change = fc.record(
    { entity: fc.oneof(fc.constantFrom('checkout', 'payments', 'nope', 'component:default/tax', ''), fc.string({ maxLength: 20 })), kind: fc.oneof(fc.constantFrom('deploy', 'config'), fc.string({ maxLength: 8 })), summary: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('x'.repeat(5000))), startedAt: fc.oneof(fc.constantFrom('2026-11-23T10:00:00Z', '2024-02-30T10:00:00Z', '2026-11-23', 'yesterday'), fc.string({ maxLength: 25 })) },
    { requiredKeys: [] },
  );

  it('API bodies: never a 5xx; a 400 names a field; a refused batch stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(['POST', '/api/v1/changes'], ['POST', '/api/v1/facts'], ['PUT', '/api/v1/entities'], ['PUT', '/api/v1/scorecards'], ['POST', '/api/v1/waivers'], ['PUT', '/api/v1/policies'], ['POST', '/api/v1/evaluations']),
        fc.oneof(fc.jsonValue({ maxDepth: 4 }), change, fc.array(change, { maxLength: 5 }), fc.record({ changes: fc.array(change, { maxLength: 5 }) })),
        async ([method, url], body) => {
          const before = await count();
          const res = await t.app.inject({ method: method as 'POST', url, headers: { ...t.editor, 'content-type': 'application/json' }, payload: JSON.stringify(body) ?? 'null' });
          expect(res.statusCode, `${method} ${url} ${JSON.stringify(body).slice(0, 200)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode === 400) {
            const e = res.json().error;
            expect(e.message.length).toBeGreaterThan(0);
            // Every problem names its field, except one about the whole body (an array where an object belongs).
            const whole = e.problems?.length === 1 && (body === null || typeof body !== 'object' || Array.isArray(body));
            // (An unknown key at the top names itself: `Unrecognized key: "x"`.)
            if (e.problems && !whole) for (const p of e.problems) expect(typeof p.field === 'string' || typeof p.file === 'string' || /Unrecognized keys?: "/.test(p.message), JSON.stringify(p)).toBe(true);
            if (url === '/api/v1/changes') expect(await count()).toBe(before);
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('webhooks (GitHub, PagerDuty, generic): never a 5xx, whatever the body or event', async () => {
    const sign = (body: string) => `sha256=${createHmac('sha256', GH_SECRET).update(body).digest('hex')}`;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('github', 'pagerduty', 'generic'),
        fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ service: fc.oneof(fc.constant('checkout'), fc.string()), version: fc.jsonValue({ maxDepth: 1 }), at: fc.oneof(fc.constant('2026-11-23T10:00:00Z'), fc.string()) }), fc.record({ routing_key: fc.constantFrom('R0UTINGKEYCHECKOUT000000000000001', 'x'), payload: fc.jsonValue({ maxDepth: 2 }) }), fc.record({ action: fc.string(), deployment: fc.jsonValue({ maxDepth: 2 }), repository: fc.jsonValue({ maxDepth: 2 }) })),
        fc.constantFrom('deployment', 'deployment_status', 'push', 'pull_request', 'ping', 'whatever'),
        async (hook, body, event) => {
          const text = JSON.stringify(body) ?? 'null';
          const res =
            hook === 'github'
              ? await t.app.inject({ method: 'POST', url: '/hooks/github', headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-hub-signature-256': sign(text) }, payload: text })
              : hook === 'pagerduty'
                ? await t.app.inject({ method: 'POST', url: '/v2/change/enqueue', headers: { 'content-type': 'application/json' }, payload: text })
                : await t.app.inject({ method: 'POST', url: '/hooks/changes/generic', headers: { 'content-type': 'application/json' }, payload: text });
          expect(res.statusCode, `${hook} ${event} ${text.slice(0, 200)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});
