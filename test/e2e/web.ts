// What every scene of test/e2e/web.e2e.test.ts shares: the one demo server, the one browser, and
// the loopback chat and mail servers the demo's announcements go to.
import type { Browser } from 'playwright-core';
import type { SlackStandIn, SmtpReceiver } from '../../src/server/testing/loopback.ts';
import type { TallyServer } from './harness.ts';

export interface Web {
  server: TallyServer;
  browser: Browser;
  chat: SlackStandIn;
  smtp: SmtpReceiver;
  /** The signing secret of the server's Slack app (incidents.chat.signingSecret). */
  slackSigningSecret: string;
}
