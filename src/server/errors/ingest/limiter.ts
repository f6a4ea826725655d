// Events per project per minute, counted in this process (a fixed one-minute window). Past the
// limit the SDK is told, as Sentry tells it: 429 with Retry-After and X-Sentry-Rate-Limits.
import { RateLimitedError } from '../../platform/problems.ts';

export class ProjectRateLimited extends RateLimitedError {
  constructor(readonly projectId: number, retryAfterSeconds: number, limit: number) {
    super(`project ${projectId} sent more than ${limit} events this minute`, retryAfterSeconds);
  }
  /** `retry_after:categories:scope:reason` — Sentry's header. */
  get sentryHeader(): string {
    return `${Math.ceil(this.retryAfterSeconds)}:error;default;security:project:event_rate_limit`;
  }
}

export function createProjectLimiter(limitOf: () => number, now: () => number) {
  const windows = new Map<number, { minute: number; count: number }>();
  return {
    /** Takes `n` events from the project's minute, or throws ProjectRateLimited (taking none). */
    take(projectId: number, n: number): void {
      if (n === 0) return;
      const t = now();
      const minute = Math.floor(t / 60_000);
      let w = windows.get(projectId);
      if (!w || w.minute !== minute) {
        if (windows.size > 10_000) windows.clear();
        w = { minute, count: 0 };
        windows.set(projectId, w);
      }
      const limit = limitOf();
      if (w.count + n > limit) throw new ProjectRateLimited(projectId, Math.max(1, ((minute + 1) * 60_000 - t) / 1000), limit);
      w.count += n;
    },
  };
}
