// A graceful close for keep-alive clients. Closing a server closes its idle keep-alive
// connections at once, and a client that writes its next request at that moment gets a reset
// for a request never executed. So before closing: stop accepting connections, answer every
// request with `Connection: close` (the client then closes its socket itself), and wait until
// the connections are gone or a deadline passes.
import { Server as NetServer } from 'node:net';
import type { FastifyInstance } from 'fastify';

export function drainOnClose(app: FastifyInstance, deadlineMs = 10_000): void {
  let draining = false;
  app.addHook('onSend', async (_req, reply) => {
    if (draining) reply.header('connection', 'close');
  });
  app.addHook('preClose', async () => {
    if (!app.server.listening) return;
    draining = true;
    // net.Server's close stops listening without http.Server's closing of idle connections.
    NetServer.prototype.close.call(app.server);
    const until = Date.now() + deadlineMs;
    while (Date.now() < until && (await openConnections(app)) > 0) await new Promise((r) => setTimeout(r, 25));
  });
}

const openConnections = (app: FastifyInstance) => new Promise<number>((ok) => app.server.getConnections((err, n) => ok(err ? 0 : n)));
