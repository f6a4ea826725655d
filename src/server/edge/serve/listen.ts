// Listening for the edge's servers (the proxy and the decision service): the port it got, and a
// close that also ends the open connections (keep-alive clients, tarpitted sockets) at once.
import type { AddressInfo, Server, Socket } from 'node:net';

export async function listenTracked(server: Server, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
