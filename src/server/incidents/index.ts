// Incidents: declare, assess, coordinate, revert, resolve, learn — with the change database at
// hand (ranked suspects, the exactly-once revert, verdicts for DORA), announcements through the
// notification outbox with a failover channel, ChatOps, postmortems and follow-ups, drills, the
// `incidents` check type and statistics. The only way in from other folders. docs/incidents.md.
import type { TallyModule } from '../module.ts';
import { chatRoutes } from './chat/chat.routes.ts';
import { commsRoutes } from './comms/comms.routes.ts';
import { incidentsConfigSchema } from './config.ts';
import { coordinationRoutes } from './coordination/coordination.routes.ts';
import { seedDemoIncidents } from './demo/seed.ts';
import { demoStandInRoutes, startDemoStandIns } from './demo/standins.ts';
import { drillsRoutes } from './drills/drills.routes.ts';
import { incidentEvents } from './events.ts';
import { incidentCommands } from './incidents.cli.ts';
import { incidentsRoutes } from './incidents.routes.ts';
import { incidentJobs } from './jobs.ts';
import { learningRoutes } from './learning/learning.routes.ts';
import * as m0009 from './migrations/0009_incidents.ts';
import { incidentsCheck } from './stats/check.ts';
import { incidentsContext } from './stats/context.ts';
import { statsRoutes } from './stats/stats.routes.ts';
import { suspectsRoutes } from './suspects/suspects.routes.ts';
import { INCIDENT_TABLES } from './tables.ts';

export { INCIDENT_DECLARED, INCIDENT_RESOLVED } from './record/context.ts';
// Seams for on-call: a page declares its incident in the page's own transaction, and a chat
// button in a page message (an ACK) arrives at the one Slack interactivity URL served here.
export { declareIncident } from './record/declare.ts';
export type { WriteCtx as IncidentWriteCtx } from './record/context.ts';
export { registerChatAction, type ChatActionHandler } from './chat/actions.ts';

export const incidentsModule: TallyModule = {
  name: 'incidents',
  config: { incidents: incidentsConfigSchema },
  migrations: { '0009_incidents': m0009 },
  tables: INCIDENT_TABLES,
  checkTypes: [incidentsCheck],
  contexts: [incidentsContext],
  events: incidentEvents,
  routes(app, deps) {
    // Static paths (drills, stats) before `/incidents/:key`; the router prefers them anyway.
    drillsRoutes(app, deps);
    statsRoutes(app, deps);
    incidentsRoutes(app, deps);
    coordinationRoutes(app, deps);
    suspectsRoutes(app, deps);
    learningRoutes(app, deps);
    commsRoutes(app, deps);
    chatRoutes(app, deps);
    demoStandInRoutes(app, deps);
  },
  jobs: () => incidentJobs(),
  commands: incidentCommands,
  // The demo's chat and mail stand-ins, and its incidents (after the demo module seeded the catalog and changes).
  async start(deps) {
    await startDemoStandIns(deps);
    await seedDemoIncidents(deps);
  },
};
