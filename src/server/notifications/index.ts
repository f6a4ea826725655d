// Notifications: the outbox of messages to teams and SRE (Slack-compatible and signed JSON
// webhooks, Slack's Web API, SMTP mail), filled by domain events and by other domains' messages
// (enqueueMessage), and delivered by a leased job, exactly once per target.
// The only way in from other folders.
import type { TallyModule } from '../module.ts';
import { HACKDAY_FINISHED } from '../leaderboard/index.ts';
import { GRADE_CHANGED, type GradeChangedPayload } from '../scorecards/index.ts';
import { notificationsConfigSchema } from './config.ts';
import { deliverDueNotifications } from './delivery.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { enqueueGradeMoves, enqueueHackdayResults, notifyWaiversExpiring } from './outbox.ts';
import * as m0010 from './migrations/0010_notification_sources.ts';

export { formatSlack, formatWebhook, summarize, escapeSlack, NOTIFICATION_TYPES } from './format.ts';
export type { NotificationEvent, NotificationType, SlackPayload } from './format.ts';
export { deliver, buildRequest, backoffDelay, isRetryable, MAX_ATTEMPTS } from './send.ts';
export type { DeliveryTarget, DeliveryDeps, DeliveryResult } from './send.ts';
export { enqueueGradeMoves, notifyWaiversExpiring, enqueueHackdayResults, gradeEventType, teamTargets, sreTargets } from './outbox.ts';
export { deliverDueNotifications, NOTIFICATION_FAILED_OVER, type FailedOverPayload } from './delivery.ts';
export { enqueueMessage, enqueueMessages, deliveriesFrom, chatTarget, emailTarget, type OutboundMessage, type MessageTarget, type MessageDelivery } from './messages.ts';

export const notificationsModule: TallyModule = {
  name: 'notifications',
  config: { notifications: notificationsConfigSchema },
  migrations: { '0010_notification_sources': m0010 },
  tables: ['notifications'],
  events: [
    { event: GRADE_CHANGED, name: 'notifications.grade-changed', handle: (ctx, e) => enqueueGradeMoves(ctx.db, ctx.config, e.payload as unknown as GradeChangedPayload, ctx.now).then(() => undefined) },
    {
      event: HACKDAY_FINISHED,
      name: 'notifications.hackday-finished',
      handle: (ctx, e) => enqueueHackdayResults(ctx.db, ctx.config, e.payload as { name: string; title: string | null; end: string; summary: string }, ctx.now).then(() => undefined),
    },
  ],
  routes: notificationsRoutes,
  jobs: () => [
    { name: 'notifications-deliver', everyMs: 10_000, run: async (deps) => void (await deliverDueNotifications(deps)) },
    { name: 'notifications-waivers-expiring', everyMs: 3_600_000, run: async (deps) => void (await notifyWaiversExpiring(deps.db, deps.config, deps.clock())) },
  ],
};
