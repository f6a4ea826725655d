// Mail through an SMTP relay with nodemailer: the relay is the operator's (notifications.email),
// so there is no outbound-guard URL; the recipient is the target (`mailto:ADDRESS`). Connection,
// greeting and socket deadlines are the outbox's timeout; 4xx SMTP answers and network trouble
// are retried, 5xx answers (mailbox unknown, relaying denied) are final.
import nodemailer from 'nodemailer';
import { summarize } from '../format.ts';
import type { DeliveryResult } from '../send.ts';
import { targetAddress, type Channel } from './channel.ts';

export const emailChannel: Channel = {
  kind: 'email',
  guardUrl: () => null,
  async send(target, event, deps): Promise<DeliveryResult> {
    const started = deps.now().getTime();
    const elapsed = () => Math.max(0, deps.now().getTime() - started);
    const to = targetAddress(target.url, 'mailto');
    if (!to) return { ok: false, status: 400, error: `not a mail target: ${target.url}`, durationMs: 0 };
    const smtp = deps.config.email;
    if (!smtp.host) return { ok: false, error: 'notifications.email.host is not set', durationMs: 0 };
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      connectionTimeout: deps.timeoutMs,
      greetingTimeout: deps.timeoutMs,
      socketTimeout: deps.timeoutMs,
    });
    try {
      await transport.sendMail({
        from: smtp.from,
        to,
        subject: `[Tally] ${summarize(event)}`,
        text: [event.details, event.url ? `\n${event.url}` : ''].join('\n').trim(),
        headers: event.id ? { 'X-Tally-Delivery': event.id } : {},
      });
      return { ok: true, status: 250, durationMs: elapsed() };
    } catch (err) {
      const e = err as Error & { responseCode?: number };
      // SMTP 5xx is a permanent refusal; mapped to 400 so the outbox does not retry it.
      const status = e.responseCode && e.responseCode >= 500 ? 400 : undefined;
      return { ok: false, status, error: `mail not sent: ${e.message}`, durationMs: elapsed() };
    } finally {
      transport.close();
    }
  },
};
