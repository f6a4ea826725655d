// The real thing end to end: Debian's prometheus-alertmanager on loopback, its webhook receiver
// pointed at a Tally listening on loopback. An alert posted to Alertmanager's API v2 pages the
// person on call; the mail reaches a real SMTP server (smtp-server) and the chat message a
// Slack Web API stand-in; the link in the mail ACKs the page; when Alertmanager resolves the
// alert, the page resolves. While the mail server is down the page waits in the outbox and the
// escalation goes on; nothing is lost. Both engines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/db.ts';
import { startSlackStandIn, startSmtpReceiver, type SlackStandIn, type SmtpReceiver } from '../testing/loopback.ts';
import { INTAKE_KEY, oncallTestApp, type OncallTestApp } from './testing.ts';
import { deliverDueNotifications } from '../notifications/index.ts';
import { fireDueTimers } from './pages/escalate.ts';

const AM = '/usr/bin/prometheus-alertmanager';

/** The mail's text as written (nodemailer sends it quoted-printable). */
const quotedPrintable = (raw: string) => Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachEngine('on-call with the real Alertmanager', ({ db }) => {
  let t: OncallTestApp;
  let am: ChildProcess;
  let amUrl: string;
  let smtp: SmtpReceiver;
  let slack: SlackStandIn;
  let amLog = '';

  beforeAll(async () => {
    [smtp, slack] = await Promise.all([startSmtpReceiver(), startSlackStandIn()]);
    t = await oncallTestApp(db(), {
      now: new Date().toISOString(),
      config: { notifications: { email: { host: '127.0.0.1', port: smtp.port, from: 'Tally <tally@acme.test>' }, slack: { apiUrl: slack.apiUrl, token: 'xoxb-test-token' }, timeoutMs: 2000 }, checks: { outbound: { allow: ['127.0.0.1'] } } },
    });
    // Alertmanager runs on real time: so does this Tally.
    const realClock = () => new Date();
    Object.assign(t.deps, { clock: realClock });
    const tallyPort = await freePort();
    await t.app.listen({ port: tallyPort, host: '127.0.0.1' });
    const dir = mkdtempSync(join(tmpdir(), 'tally-am-'));
    writeFileSync(join(dir, 'alertmanager.yml'), `route:
  receiver: tally
  group_by: [alertname, service]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: tally
    webhook_configs:
      - url: http://127.0.0.1:${tallyPort}/api/v1/alerts/alertmanager?key=${INTAKE_KEY}
        send_resolved: true
`);
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    am = spawn(AM, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    am.stderr!.on('data', (d: Buffer) => (amLog += d.toString()));
    await until('Alertmanager to be ready', async () => ((await fetch(`${amUrl}/-/ready`)).ok ? true : undefined));
  }, 60_000);

  afterAll(async () => {
    am?.kill('SIGTERM');
    await t?.app.close();
    await Promise.all([smtp?.close(), slack?.close()]);
  });

  const post = (alerts: unknown) => fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });

  it('pages the person on call, mails them a link that ACKs, and resolves when Alertmanager does', async () => {
    const oncall = (await t.call('GET', '/api/v1/rotations/team-a-primary')).body.now.person;
    const run = `${process.pid}-${Date.now()}`;
    const alert = { labels: { alertname: `CheckoutErrors${run}`, service: 'checkout', severity: 'page' }, annotations: { summary: 'Checkout error rate above 5 %' }, generatorURL: 'http://prometheus.acme.test/graph' };
    expect((await post([{ ...alert, startsAt: new Date().toISOString() }])).status).toBe(200);
    const page = await until('the page', async () => (await t.call('GET', '/api/v1/pages?status=open&rotation=team-a-primary')).body.items.find((p: any) => p.title.startsWith(`CheckoutErrors${run}`)), 20_000);
    expect(page).toMatchObject({ origin: 'alertmanager', service: 'component:default/checkout', assignees: [{ ref: oncall.ref }], status: 'triggered' });

    expect(await deliverDueNotifications(t.deps)).toMatchObject({ delivered: 1 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual([oncall.email]);
    expect(smtp.mails[0]!.subject).toContain(`[P-${page.number}] CheckoutErrors${run}`);
    const link = /(https:\/\/tally\.acme\.test\/oncall\/ack\?token=[A-Za-z0-9_.=-]+)/.exec(quotedPrintable(smtp.mails[0]!.raw))?.[1];
    expect(link).toBeDefined();
    const acked = await t.call('POST', '/api/v1/oncall/ack', { token: new URL(link!).searchParams.get('token') }, {});
    expect(acked.body.page).toMatchObject({ status: 'acknowledged', acknowledgedBy: `${oncall.ref} (link)` });

    // Alertmanager resolves the alert: its next notification says so, and the page resolves.
    expect((await post([{ ...alert, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date().toISOString() }])).status).toBe(200);
    await until('the page to resolve', async () => ((await t.call('GET', `/api/v1/pages/${page.id}`)).body.page.status === 'resolved' ? true : undefined), 20_000);
    expect(amLog).not.toMatch(/level=error/);
  }, 60_000);

  it('loses no page while the mail server is down: the outbox retries, the escalation goes on, chat rules reach the stand-in', async () => {
    await t.call('PUT', '/api/v1/oncall/contacts/ann', { rules: [{ channel: 'chat', to: 'U0ANN' }] });
    smtp.failing = true;
    const run = `${process.pid}-${Date.now()}`;
    expect((await post([{ labels: { alertname: `PaymentsDown${run}`, service: 'payments' }, annotations: { summary: 'Payments down' }, startsAt: new Date().toISOString() }])).status).toBe(200);
    const page = await until('the page', async () => (await t.call('GET', '/api/v1/pages?status=open&rotation=team-a-primary')).body.items.find((p: any) => p.title.startsWith(`PaymentsDown${run}`)));
    expect(await deliverDueNotifications(t.deps)).toMatchObject({ retrying: 1, delivered: 0 });
    // Five minutes on, unACKed: the escalation reaches the secondary rotation's person.
    const later = new Date(Date.now() + 5 * 60_000 + 1000);
    const run2 = await fireDueTimers({ ...t.deps, clock: () => later });
    expect(run2.escalated).toBe(1);
    const escalated = (await t.call('GET', `/api/v1/pages/${page.id}`)).body.page;
    expect(escalated.escalations).toBe(1);
    const secondary = escalated.assignees[0];
    smtp.failing = false;
    const inAMinute = new Date(later.getTime() + 60_000);
    const d = await deliverDueNotifications({ ...t.deps, clock: () => inAMinute });
    expect(d.delivered).toBeGreaterThanOrEqual(2);
    expect(smtp.mails.filter((m) => m.subject.includes(`PaymentsDown${run}`)).map((m) => m.to[0])).toContain(page.assignees[0].email);
    if (secondary.ref === 'user:default/ann') expect(slack.messages.map((m) => m.channel)).toContain('U0ANN');
    else expect(smtp.mails.filter((m) => m.subject.includes(`PaymentsDown${run}`)).map((m) => m.to[0])).toContain(secondary.email);
  }, 60_000);
});
