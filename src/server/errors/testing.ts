// Test helper (tests only): an in-process Tally with a small catalog whose `checkout` service
// declares Sentry project 7, and helpers to send events as SDKs do (envelopes, the store endpoint).
import { gzipSync } from 'node:zlib';
import { catalogTestApp, type CatalogTestApp } from '../testing/catalog-app.ts';
import type { TestDb } from '../testing/db.ts';

export const ERRORS_CATALOG = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a, annotations: { tally.dev/webhook-url: "http://hooks.acme.test/team-a" } }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: checkout, annotations: { tally.dev/sentry-project: "7" } }
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: web }
spec: { type: service, lifecycle: production, owner: team-a }
`;

export interface ErrorsTestApp extends CatalogTestApp {
  /** Project 7's public key. */
  key: string;
  /** POSTs raw bytes to an ingest endpoint. */
  post(url: string, body: Buffer | string, headers?: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: any }>;
}

export async function errorsTestApp(db: TestDb, opts: { config?: Record<string, unknown>; now?: string; catalog?: string; dir?: string } = {}): Promise<ErrorsTestApp> {
  const t = await catalogTestApp(db, { name: 'errors', files: { 'catalog.yaml': opts.catalog ?? ERRORS_CATALOG }, config: opts.config, now: opts.now, dir: opts.dir });
  const post = async (url: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-sentry-envelope', ...headers } });
    let parsed: unknown;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = res.body;
    }
    return { status: res.statusCode, headers: res.headers, body: parsed };
  };
  const projects = await t.call('GET', '/api/v1/errors/projects?entity=component:default/checkout');
  const key = projects.body?.items?.[0]?.publicKey as string;
  if (!key) throw new Error(`project 7 is missing: ${JSON.stringify(projects.body)}`);
  return { ...t, key, post };
}

/** An envelope as the SDKs write it: a header line, then each item's header and payload. */
export function envelope(items: Array<{ type: string; payload: unknown; withLength?: boolean }>, header: Record<string, unknown> = {}): Buffer {
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(header)}\n`)];
  for (const item of items) {
    const payload = Buffer.from(typeof item.payload === 'string' ? item.payload : JSON.stringify(item.payload));
    const h = item.withLength === false ? { type: item.type } : { type: item.type, length: payload.length };
    parts.push(Buffer.from(`${JSON.stringify(h)}\n`), payload, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

export const gzip = (b: Buffer): Buffer => gzipSync(b);

/** A typical event: a TypeError thrown in checkout's code, five frames. */
export function jsEvent(over: Record<string, unknown> = {}, fn = 'applyCoupon'): Record<string, unknown> {
  const frame = (f: string, file: string, line: number, inApp = true) => ({ function: f, filename: file, abs_path: `/srv/checkout/${file}`, lineno: line, colno: 7, in_app: inApp, context_line: `  ${f}(order);` });
  return {
    platform: 'node',
    level: 'error',
    timestamp: '2026-11-23T12:00:00Z',
    release: 'checkout@1.4.0',
    environment: 'production',
    user: { id: 'u-1' },
    contexts: { trace: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' } },
    exception: {
      values: [
        {
          type: 'TypeError',
          value: "Cannot read properties of undefined (reading 'percent')",
          stacktrace: {
            frames: [frame('processTicksAndRejections', 'node:internal/process/task_queues', 95, false), frame('handle', 'src/server.js', 40), frame('checkout', 'src/cart.js', 88), frame('priceOrder', 'src/pricing.js', 21), frame(fn, 'src/coupons.js', 12)],
          },
        },
      ],
    },
    ...over,
  };
}
