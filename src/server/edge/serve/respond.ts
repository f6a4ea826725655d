// What a judged bot gets instead of the real thing, with nothing that tells it so: shadow-ban
// answers (the operator's plausible responses, e.g. "sold out", with normal status codes and
// headers, delayed like the upstream's own), the honeypot maze (a plausible page of more hidden
// links), and the hidden honeypot links put into real pages (and disallowed in robots.txt).
import { createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import type { EdgeSpec } from '../document.ts';

export type Res = ServerResponse | Http2ServerResponse;

/** Upstream latency by first path segment (an EWMA), so that made-up answers take as long as real ones. */
export class LatencyModel {
  private readonly ms = new Map<string, number>();
  /** The first path segment: /product/1?x → /product. */
  private static key(path: string): string {
    let end = path.length;
    for (let i = 1; i < path.length; i++) {
      const c = path.charCodeAt(i);
      if (c === 0x2f || c === 0x3f) {
        end = i;
        break;
      }
    }
    const q = path.indexOf('?');
    return path.slice(0, q >= 0 && q < end ? q : end);
  }
  observe(path: string, ms: number): void {
    const k = LatencyModel.key(path);
    const prev = this.ms.get(k);
    if (this.ms.size < 10_000 || prev !== undefined) this.ms.set(k, prev === undefined ? ms : prev * 0.9 + ms * 0.1);
  }
  delay(path: string): number {
    return Math.min(2000, Math.round(this.ms.get(LatencyModel.key(path)) ?? 5));
  }
}

export function shadowAnswer(spec: EdgeSpec, method: string, path: string): { status: number; contentType: string; body: string } | undefined {
  const rule = spec.shadow.responses.find((r) => (!r.method || r.method === method) && path.startsWith(r.pathPrefix));
  if (rule) return { status: rule.status, contentType: rule.contentType, body: rule.body };
  // Reading pages is harmless; what a stock bot wants (cart, checkout) is sold out.
  if (method !== 'GET' && method !== 'HEAD') return { status: 200, contentType: 'application/json', body: '{"ok":false,"error":"sold_out","message":"Sorry, this item is sold out."}' };
  return undefined;
}

export function send(res: Res, status: number, contentType: string, body: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const buf = Buffer.from(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(buf.length), 'cache-control': 'no-store', ...extra });
  res.end(buf);
}

export class Honeypot {
  private readonly secret = randomBytes(32);
  constructor(private readonly prefix: string) {}

  token(session: string): string {
    return createHmac('sha256', this.secret).update(session).digest('base64url').slice(0, 16);
  }

  link(session: string, text = 'Member offers'): string {
    return `<a href="${this.prefix}${this.token(session)}" rel="nofollow" aria-hidden="true" tabindex="-1" style="position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden">${text}</a>`;
  }

  /** The page with a hidden link before its last </body> (at its end when it has none). */
  inject(html: string, session: string): string {
    const i = html.lastIndexOf('</body>');
    return i < 0 ? html + this.link(session) : `${html.slice(0, i)}${this.link(session)}${html.slice(i)}`;
  }

  robots(text: string): string {
    return `${text.replace(/\s*$/, '\n')}\nUser-agent: *\nDisallow: ${this.prefix}\n`;
  }

  /** A page of the maze: plausible text and more hidden links, each a further page. */
  maze(session: string): string {
    const items = [1, 2, 3].map((i) => `<li><a href="${this.prefix}${this.token(`${session}/${i}/${randomBytes(4).toString('hex')}`)}" rel="nofollow">Offer ${i}</a></li>`).join('');
    return `<!doctype html><html><head><title>Member offers</title></head><body><h1>Member offers</h1><p>Offers for members, updated daily.</p><ul>${items}</ul></body></html>`;
  }
}
