// The anti-bot edge: a reverse proxy (HTTP/1.1 and HTTP/2 with TLS) and an nginx `auth_request`
// decision service that fingerprint clients (JA4, HTTP header order, HTTP/2 SETTINGS), gather
// evidence for minutes, reach verdicts by Wald's SPRT, and answer bots without a clue (throttle,
// shadow ban, tarpit, honeypot maze). `tally edge …`; the API and web page read its verdicts.
// The only way in from other folders. docs/edge.md.
import type { TallyModule } from '../module.ts';
import { edgeCheck } from './check.ts';
import { seedDemoEdge } from './demo.ts';
import { edgeCommands } from './edge.cli.ts';
import { edgeRoutes } from './edge.routes.ts';
import * as m0016 from './migrations/0016_edge.ts';
import { EDGE_TABLES } from './tables.ts';

export const edgeModule: TallyModule = {
  name: 'edge',
  migrations: { '0016_edge': m0016 },
  tables: EDGE_TABLES,
  checkTypes: [edgeCheck],
  routes: (app, deps) => edgeRoutes(app, deps),
  commands: edgeCommands,
  // The demo's flash sale (when server.demo is on and the edge has judged nothing yet).
  async start(deps) {
    await seedDemoEdge(deps);
  },
};
