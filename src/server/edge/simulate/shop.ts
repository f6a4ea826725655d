// The demo shop the edge is tried against: a home page, product pages, assets, a cart and a
// checkout that sells a limited stock (first come, first served), and robots.txt. Counts who
// bought what, by client address, for the simulation's report. `tally edge demo-shop` runs it.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Shop {
  port: number;
  /** Items sold, by the buyer's address (X-Forwarded-For's first, else the socket's). */
  sold: Map<string, number>;
  stock: number;
  close(): Promise<void>;
}

const page = (title: string, body: string) => `<!doctype html><html><head><title>${title}</title><link rel="stylesheet" href="/static/shop.css"><script src="/static/shop.js" defer></script></head><body><header><a href="/">Acme Shop</a></header><main>${body}</main></body></html>`;
const PRODUCTS = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `Limited sneaker #${i + 1}` }));

function buyer(req: IncomingMessage): string {
  const fwd = req.headers['x-forwarded-for'];
  return (typeof fwd === 'string' ? fwd.split(',')[0]!.trim() : req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

export async function startShop(o: { port?: number; host?: string; stock?: number; workMs?: number } = {}): Promise<Shop> {
  const sold = new Map<string, number>();
  let stock = o.stock ?? 100;
  const reply = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(body);
  };
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const done = () => {
      if (path === '/') return reply(res, 200, 'text/html; charset=utf-8', page('Acme Shop', `<h1>Flash sale</h1><ul>${PRODUCTS.map((p) => `<li><a href="/product/${p.id}">${p.name}</a></li>`).join('')}</ul>`));
      if (path.startsWith('/product/')) return reply(res, 200, 'text/html; charset=utf-8', page('Product', `<h1>${PRODUCTS[(Number(path.slice(9)) - 1) % 12]?.name ?? 'Sneaker'}</h1><form method="post" action="/cart"><button>Add to cart</button></form>`));
      if (path.startsWith('/static/')) return reply(res, 200, path.endsWith('.css') ? 'text/css' : 'application/javascript', '/* acme */');
      if (path === '/robots.txt') return reply(res, 200, 'text/plain', 'User-agent: *\nAllow: /\n');
      if (path === '/cart' && req.method === 'POST') return reply(res, 200, 'application/json', '{"ok":true,"cart":1}');
      if (path === '/checkout' && req.method === 'POST') {
        if (stock <= 0) return reply(res, 200, 'application/json', '{"ok":false,"error":"sold_out","message":"Sorry, this item is sold out."}');
        stock--;
        const who = buyer(req);
        sold.set(who, (sold.get(who) ?? 0) + 1);
        return reply(res, 200, 'application/json', `{"ok":true,"order":"A-${100000 + stock}"}`);
      }
      return reply(res, 404, 'text/html; charset=utf-8', page('Not found', '<h1>Not found</h1>'));
    };
    req.resume();
    req.on('end', () => {
      if (o.workMs) {
        const until = performance.now() + o.workMs;
        while (performance.now() < until) { /* a page's rendering work */ }
      }
      done();
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sold,
    get stock() {
      return stock;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
