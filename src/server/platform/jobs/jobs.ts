// The background jobs of Tally, in one list.
import { notificationJobs } from '../../notifications/jobs.ts';
import { changesRetentionJob } from '../../changes/retention.ts';
import { refreshSources } from '../documents/refresh.ts';
import { scorecardJobs } from '../../scorecards/jobs.ts';
import { documentConsumers } from '../../sources/consumers.ts';
import type { Job } from './scheduler.ts';
import type { Config } from '../config.ts';

export function backgroundJobs(config: Config): Job[] {
  return [
    {
      name: 'catalog-refresh',
      everyMs: config.catalog.refreshInterval,
      run: async (deps) => {
        await refreshSources(deps, documentConsumers);
      },
    },
    changesRetentionJob,
    ...notificationJobs,
    ...scorecardJobs(),
  ];
}
