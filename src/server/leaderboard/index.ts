// The leaderboard: services and teams ranked, trends, most improved, HackDays. The only way in
// from other folders.
import type { TallyModule } from '../module.ts';
import { freezeEndedHackdays, hackdayKind } from './hackdays.ts';
import { leaderboardRoutes } from './leaderboard.routes.ts';

export { loadBoard, type Board } from './leaderboard.ts';
export { HACKDAY_FINISHED } from './hackdays.ts';

export const leaderboardModule: TallyModule = {
  name: 'leaderboard',
  tables: ['hackdays'],
  documents: [hackdayKind],
  routes: leaderboardRoutes,
  jobs: () => [{ name: 'hackdays-freeze', everyMs: 5 * 60_000, run: async (deps) => void (await freezeEndedHackdays(deps)) }],
};
