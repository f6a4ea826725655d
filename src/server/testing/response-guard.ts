// Test helper: every in-process HTTP test also checks the route's response schema. The
// serializer (fastify-type-provider-zod) sends exactly the fields a response schema names, so a
// schema that forgets a field would drop it from the answer without a word. This hook compares
// what the route returned with what was sent and fails the request (500, with the difference on
// stderr) when they differ — so every route test is also a test of its declared schema.
import type { FastifyInstance, FastifyRequest } from 'fastify';

const returned = new WeakMap<FastifyRequest, unknown>();

/** JSON with object keys sorted, so key order (schema order vs code order) does not count. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The first path where `a` and `b` differ, for the message. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (canonical(a) === canonical(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: returned ${JSON.stringify(a)?.slice(0, 200)}, sent ${JSON.stringify(b)?.slice(0, 200)}`;
}

export function guardResponseSchemas(app: FastifyInstance): void {
  app.addHook('preSerialization', async (req, _reply, payload) => {
    returned.set(req, payload);
    return payload;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!returned.has(req) || typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').includes('json')) return payload;
    const expected: unknown = JSON.parse(JSON.stringify(returned.get(req)) ?? 'null');
    const diff = firstDifference(expected, JSON.parse(payload));
    if (!diff) return payload;
    const message = `${req.method} ${req.routeOptions.url}: the response schema changed the answer at ${diff}`;
    console.error(message);
    throw new Error(message);
  });
}
