// Messages to a chat channel through Slack's Web API (`chat.postMessage`) with the official
// client, at the configured base URL (Slack, or any server speaking its Web API). The outbox
// retries, so the client's own retries are off; Slack's answers map onto the outbox's rules:
// network trouble, 5xx, 429 and Slack's transient errors are retried; refusals (an unknown
// channel, a bad token) are final.
import { ErrorCode, LogLevel, WebClient, type WebAPICallError } from '@slack/web-api';
import { formatSlack } from '../format.ts';
import type { DeliveryResult } from '../send.ts';
import { targetAddress, type Channel } from './channel.ts';

/** Slack `error` codes worth trying again later. */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

export const slackApiChannel: Channel = {
  kind: 'slack-api',
  guardUrl: (_target, config) => new URL('chat.postMessage', config.slack.apiUrl).toString(),
  async send(target, event, deps): Promise<DeliveryResult> {
    const started = deps.now().getTime();
    const elapsed = () => Math.max(0, deps.now().getTime() - started);
    const channel = targetAddress(target.url, 'slack');
    if (!channel) return { ok: false, status: 400, error: `not a chat channel target: ${target.url}`, durationMs: 0 };
    const { apiUrl, token } = deps.config.slack;
    if (!token) return { ok: false, error: 'notifications.slack.token is not set', durationMs: 0 };
    const client = new WebClient(token, {
      slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
      timeout: deps.timeoutMs,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
      allowAbsoluteUrls: false,
    });
    try {
      const payload = formatSlack(event);
      await client.chat.postMessage({ channel, text: payload.text, blocks: payload.blocks as never, unfurl_links: false });
      return { ok: true, status: 200, durationMs: elapsed() };
    } catch (err) {
      return { ok: false, ...classify(err as WebAPICallError), durationMs: elapsed() };
    }
  },
};

/** The outbox's view of a client error: a status decides whether it is retried (send.ts isRetryable). */
function classify(err: WebAPICallError): { status?: number; error: string } {
  switch (err.code) {
    case ErrorCode.PlatformError: {
      const code = err.data.error ?? 'unknown_error';
      return { status: TRANSIENT.has(code) ? 503 : 400, error: `Slack refused: ${code}` };
    }
    case ErrorCode.RateLimitedError:
      return { status: 429, error: `Slack rate limit: retry after ${err.retryAfter} s` };
    case ErrorCode.HTTPError:
      return { status: err.statusCode, error: `HTTP ${err.statusCode} from the chat server` };
    case ErrorCode.RequestError:
      return { error: `cannot reach the chat server: ${err.original?.message ?? err.message}` };
    default:
      return { error: (err as Error).message ?? String(err) };
  }
}
