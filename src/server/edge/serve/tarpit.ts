// The tarpit (a reverse Slowloris): a judged bot's response gets its headers at once, then its body
// a few bytes per tick from ONE shared timer for all tarpitted sockets, up to a cap on sockets and a
// timeout after which the response ends normally. Over the cap, `add` says no and the caller
// shadow-bans instead.
import type { ServerResponse } from 'node:http';
import type { Res } from './respond.ts';

const FILLER = Buffer.from('<!doctype html><html><head><title>Loading…</title></head><body><div class="loading">Please wait while we check availability', 'utf8');

const HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

/** What the tarpit keeps per socket besides the response: when it ends and how far into the filler it is. */
interface Entry {
  until: number;
  offset: number;
}

export class Tarpit {
  // Keyed by the response itself: no per-socket closure, and one shared 'close' listener.
  private readonly entries = new Map<Res, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private readonly onClose: (this: Res) => void;

  constructor(private readonly o: { maxSockets: number; timeoutSeconds: number; bytesPerTick: number; tickMs: number }, private readonly now: () => number = Date.now) {
    const entries = this.entries;
    this.onClose = function onClose(this: Res) {
      entries.delete(this);
    };
  }

  get size(): number {
    return this.entries.size;
  }

  add(res: Res): boolean {
    if (this.entries.size >= this.o.maxSockets) return false;
    res.writeHead(200, HEADERS);
    (res as { flushHeaders?: () => void }).flushHeaders?.();
    this.entries.set(res, { until: this.now() + this.o.timeoutSeconds * 1000, offset: 0 });
    res.on('close', this.onClose);
    this.timer ??= setInterval(() => this.tick(), this.o.tickMs);
    return true;
  }

  private tick(): void {
    const now = this.now();
    for (const [res, e] of this.entries) {
      if (res.destroyed) {
        this.entries.delete(res);
      } else if (now >= e.until) {
        this.entries.delete(res);
        res.end('</div></body></html>');
      } else {
        const start = e.offset % FILLER.length;
        (res as ServerResponse).write(FILLER.subarray(start, Math.min(FILLER.length, start + this.o.bytesPerTick)));
        e.offset += this.o.bytesPerTick;
      }
    }
    if (this.entries.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Ends every tarpitted response (shutdown). */
  close(): void {
    for (const res of this.entries.keys()) res.destroy();
    this.entries.clear();
    this.stop();
  }
}
