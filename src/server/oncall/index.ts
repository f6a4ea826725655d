// On-call: rotations of real people (layers, handoffs, time zones, restrictions, overrides,
// escalation policies) as documents; who is on call, shifts and iCalendar feeds; alerts from
// Alertmanager and the PagerDuty Events API routed service → rotation → the person on call now
// (never a broadcast; unrouted alerts on their own page); pages with dedup, escalation timers
// fired once, ACK by API, CLI or signed link; delivery through the notifications outbox with
// personal contact rules; the shift-start page. The only way in from other folders. docs/oncall.md.
import type { TallyModule } from '../module.ts';
import { oncallConfigSchema } from './config.ts';
import { rotationCheck } from './health/check.ts';
import { loadRoutes } from './health/load.routes.ts';
import { oncallContext } from './health/context.ts';
import { oncallJobs } from './jobs.ts';
import * as m0011 from './migrations/0011_oncall.ts';
import * as m0019 from './migrations/0019_oncall_pending_timers.ts';
import { oncallCommands } from './oncall.cli.ts';
import { registerChatAction } from '../incidents/index.ts';
import { ackFromChat } from './pages/chat-ack.ts';
import { CHAT_ACK_ACTION } from './pages/notify.ts';
import { pagesRoutes } from './pages/pages.routes.ts';
import { rotationKind } from './rotation/kind.ts';
import { rotationsRoutes } from './rotation/rotations.routes.ts';
import { ONCALL_TABLES } from './tables.ts';

export { pagesForStats, type PageForStats } from './pages/alert-pages.ts';
export { routeAlertLabels, type Route } from './routing.ts';
// The Acknowledge button of page messages in chat arrives at the incidents domain's Slack URL.
registerChatAction(CHAT_ACK_ACTION.split(':')[0]!, ackFromChat);

export const oncallModule: TallyModule = {
  name: 'oncall',
  config: { oncall: oncallConfigSchema },
  migrations: { '0011_oncall': m0011, '0019_oncall_pending_timers': m0019 },
  tables: ONCALL_TABLES,
  documents: [rotationKind],
  checkTypes: [rotationCheck],
  contexts: [oncallContext],
  routes(app, deps) {
    rotationsRoutes(app, deps);
    pagesRoutes(app, deps);
    loadRoutes(app, deps);
  },
  jobs: () => oncallJobs(),
  commands: oncallCommands,
};
