// The web UI end to end: one real `tally serve` with the demo organisation (the built CLI, a
// fresh SQLite file) and one headless Chromium for every scene — starting the demo is the costly
// part, so it happens once per run. Nothing is mocked: what passes here works for a user.
import { afterAll, beforeAll } from 'vitest';
import { buildWeb, launchBrowser, startServer, waitForApi } from './harness.ts';
import { catalogGraphScene } from './scenes/catalog-graph.ts';
import { changesScene } from './scenes/changes.ts';
import { darkThemeScene } from './scenes/dark-theme.ts';
import { leaderboardScene } from './scenes/leaderboard.ts';
import { reportCardScene } from './scenes/report-card.ts';
import { workflowsScene } from './scenes/workflows.ts';
import type { Web } from './web.ts';

let web: Web | undefined;
const current = (): Web => {
  if (!web) throw new Error('the e2e server did not start (see beforeAll)');
  return web;
};

beforeAll(async () => {
  buildWeb();
  const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (server.status === 'rejected' || browser.status === 'rejected') {
    if (server.status === 'fulfilled') await server.value.stop();
    if (browser.status === 'fulfilled') await browser.value.close();
    throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
  }
  web = { server: server.value, browser: browser.value };
  await waitForApi<{ items: unknown[] }>(`${web.server.url}/api/v1/entities?kind=component&limit=1`, (b) => b.items.length > 0);
}, 180_000);

afterAll(async () => {
  await web?.browser.close();
  await web?.server.stop();
});

reportCardScene(current);
changesScene(current);
catalogGraphScene(current);
leaderboardScene(current);
workflowsScene(current);
darkThemeScene(current);
