// The background jobs of notifications and HackDays (listed in jobs/jobs.ts).
import type { Job } from '../platform/jobs/scheduler.ts';
import { freezeEndedHackdays } from '../leaderboard/hackdays.ts';
import { deliverDueNotifications } from './delivery.ts';
import { notifyWaiversExpiring } from './outbox.ts';

export const notificationJobs: Job[] = [
  { name: 'notifications-deliver', everyMs: 10_000, leaseMs: 5 * 60_000, run: async (deps) => void (await deliverDueNotifications(deps)) },
  { name: 'notifications-waivers-expiring', everyMs: 3_600_000, run: async (deps) => void (await notifyWaiversExpiring(deps.db, deps.config, deps.clock())) },
  { name: 'hackdays-freeze', everyMs: 5 * 60_000, run: async (deps) => void (await freezeEndedHackdays(deps)) },
];
