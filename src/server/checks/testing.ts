// Test helpers for the I/O check types (not a test file itself): a check context for an
// entity, collect dependencies, and a real HTTP server on 127.0.0.1.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Entity } from '../../common/catalog.ts';
import { commandCheck } from './command.ts';
import { exprCheck } from './expr.ts';
import { gitCheck } from './git.ts';
import { createGrading } from './grading.ts';
import { httpCheck } from './http.ts';
import { prometheusCheck } from './prometheus.ts';
import type { CheckContext, CollectDeps } from './types.ts';

/** The generic check types with no context providers: what these tests evaluate with. */
export const testGrading = createGrading([exprCheck, httpCheck, prometheusCheck, gitCheck, commandCheck], []);

export function entityCtx(name: string, annotations: Record<string, string> = {}, extra: Partial<CheckContext> = {}): CheckContext {
  const entity: Entity = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name, annotations }, spec: { type: 'service', owner: 'team-a' } };
  return {
    ref: `component:default/${name}`,
    entity,
    dependencies: [],
    data: {},
    now: new Date('2025-06-01T12:00:00Z'),
    ...extra,
  };
}

export function testDeps(over: Partial<CollectDeps> = {}, config: Partial<CollectDeps['config']> = {}): CollectDeps {
  return {
    now: () => new Date('2025-06-01T12:00:00Z'),
    offline: false,
    fetch,
    timeoutMs: 2000,
    config: { outbound: { allow: [], allowPrivate: true, allowLinkLocal: false }, prometheus: {}, baseDir: '/tmp', ...config },
    ...over,
  };
}

export interface TestServer {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1 (random port) that records request paths. */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
