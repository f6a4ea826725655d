// The web UI end to end: one real `tally serve` with the demo organisation (the built CLI, a
// fresh SQLite file) and one headless Chromium for every scene — starting the demo is the costly
// part, so it happens once per run. The demo's chat and mail go to a Slack Web API stand-in and an
// SMTP server on loopback that the scenes can read. Nothing is mocked: what passes here works for
// a user.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { parse, stringify } from 'yaml';
import { startSlackStandIn, startSmtpReceiver } from '../../src/server/testing/loopback.ts';
import { freePort } from '../../src/server/testing/program.ts';
import { buildWeb, launchBrowser, ROOT, startServer, waitForApi } from './harness.ts';
import { alertsScene } from './scenes/alerts.ts';
import { catalogGraphScene } from './scenes/catalog-graph.ts';
import { changesScene } from './scenes/changes.ts';
import { darkThemeScene } from './scenes/dark-theme.ts';
import { errorsScene } from './scenes/errors.ts';
import { forecastsScene } from './scenes/forecasts.ts';
import { incidentsScene } from './scenes/incidents.ts';
import { edgeScene } from './scenes/edge.ts';
import { leaderboardScene } from './scenes/leaderboard.ts';
import { oncallScene } from './scenes/oncall.ts';
import { reportCardScene } from './scenes/report-card.ts';
import { sloScene } from './scenes/slo.ts';
import { workflowsScene } from './scenes/workflows.ts';
import type { Web } from './web.ts';

const ACME = join(ROOT, 'examples/acme');
const SIGNING_SECRET = 'e2e-slack-signing-secret';

let web: Web | undefined;
let dir: string | undefined;
const current = (): Web => {
  if (!web) throw new Error('the e2e server did not start (see beforeAll)');
  return web;
};

/**
 * The Acme config with absolute sources, its chat and mail pointed at this run's loopback servers,
 * and the demo's Prometheus servers and Alertmanager on ports of this run's own: the demo starts
 * them only where nobody answers, and another demo server of the suite may hold the usual ones.
 */
function writeConfig(chat: { apiUrl: string }, smtpPort: number, props: { slo: number; alerts: number; alertmanager: number }): string {
  dir = mkdtempSync(join(tmpdir(), 'tally-e2e-config-'));
  for (const seed of ['changes', 'incidents', 'forecasts']) cpSync(join(ACME, seed), join(dir, seed), { recursive: true });
  const config = parse(readFileSync(join(ACME, 'tally.yaml'), 'utf8'));
  config.catalog.sources = config.catalog.sources.map((s: string) => join(ACME, s));
  config.alerts.ruleFiles = config.alerts.ruleFiles.map((s: string) => join(ACME, s));
  config.notifications.slack = { apiUrl: chat.apiUrl, token: 'xoxb-e2e' };
  config.notifications.email = { host: '127.0.0.1', port: smtpPort, from: 'Tally <tally@acme.example>' };
  config.notifications.timeoutMs = 2000;
  config.checks.prometheus.default.url = `http://127.0.0.1:${props.slo}`;
  config.checks.prometheus['alerts-demo'].url = `http://127.0.0.1:${props.alerts}`;
  config.alerts.alertmanager.url = `http://127.0.0.1:${props.alertmanager}`;
  config.incidents.chat.signingSecret = SIGNING_SECRET;
  config.checks.outbound.allow = [...config.checks.outbound.allow, '127.0.0.1'];
  const file = join(dir, 'tally.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

beforeAll(async () => {
  buildWeb();
  const [chat, smtp] = await Promise.all([startSlackStandIn('xoxb-e2e'), startSmtpReceiver()]);
  const props = { slo: await freePort(), alerts: await freePort(), alertmanager: await freePort() };
  const [server, browser] = await Promise.allSettled([startServer({ config: writeConfig(chat, smtp.port, props), timeoutMs: 180_000 }), launchBrowser()]);
  if (server.status === 'rejected' || browser.status === 'rejected') {
    if (server.status === 'fulfilled') await server.value.stop();
    if (browser.status === 'fulfilled') await browser.value.close();
    await Promise.all([chat.close(), smtp.close()]);
    throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
  }
  web = { server: server.value, browser: browser.value, chat, smtp, slackSigningSecret: SIGNING_SECRET };
  await waitForApi<{ items: unknown[] }>(`${web.server.url}/api/v1/entities?kind=component&limit=1`, (b) => b.items.length > 0);
}, 240_000);

afterAll(async () => {
  await web?.browser.close();
  await web?.server.stop();
  await Promise.all([web?.chat.close(), web?.smtp.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

reportCardScene(current);
changesScene(current);
catalogGraphScene(current);
leaderboardScene(current);
workflowsScene(current);
incidentsScene(current);
errorsScene(current);
forecastsScene(current);
edgeScene(current);
oncallScene(current);
darkThemeScene(current);
sloScene(current);
alertsScene(current);
