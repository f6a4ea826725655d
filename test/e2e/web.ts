// What every scene of test/e2e/web.e2e.test.ts shares: the one demo server and the one browser.
import type { Browser } from 'playwright-core';
import type { TallyServer } from './harness.ts';

export interface Web {
  server: TallyServer;
  browser: Browser;
}
