// The tarpit (a reverse Slowloris): a judged bot's response gets its headers at once, then its body
// a few bytes per tick from ONE shared timer for all tarpitted sockets, up to a cap on sockets and a
// timeout after which the response ends normally. Over the cap, `add` says no and the caller
// shadow-bans instead.
import type { ServerResponse } from 'node:http';
import type { Res } from './respond.ts';

const FILLER = Buffer.from('<!doctype html><html><head><title>Loading…</title></head><body><div class="loading">Please wait while we check availability', 'utf8');

interface Entry {
  res: Res;
  until: number;
  offset: number;
}

export class Tarpit {
  private readonly entries = new Set<Entry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: { maxSockets: number; timeoutSeconds: number; bytesPerTick: number; tickMs: number }, private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.entries.size;
  }

  add(res: Res): boolean {
    if (this.entries.size >= this.o.maxSockets) return false;
    const entry: Entry = { res, until: this.now() + this.o.timeoutSeconds * 1000, offset: 0 };
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    (res as { flushHeaders?: () => void }).flushHeaders?.();
    this.entries.add(entry);
    res.on('close', () => this.entries.delete(entry));
    this.timer ??= setInterval(() => this.tick(), this.o.tickMs);
    return true;
  }

  private tick(): void {
    const now = this.now();
    for (const e of this.entries) {
      if (e.res.destroyed) {
        this.entries.delete(e);
      } else if (now >= e.until) {
        this.entries.delete(e);
        e.res.end('</div></body></html>');
      } else {
        const start = e.offset % FILLER.length;
        (e.res as ServerResponse).write(FILLER.subarray(start, Math.min(FILLER.length, start + this.o.bytesPerTick)));
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
    for (const e of this.entries) e.res.destroy();
    this.entries.clear();
    this.stop();
  }
}
