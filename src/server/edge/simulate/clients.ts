// The simulation's clients: a browser-like HTTP/2 client (people, and headless browsers with the
// same TLS stack) and scripted HTTP/1.1 clients whose TLS stacks differ (other ciphers, signature
// algorithms, ALPN), each bound to its own loopback address. Responses are read with a timeout
// (a tarpitted client gives up, as real ones do).
import http2, { type ClientHttp2Session } from 'node:http2';
import https from 'node:https';
import tls from 'node:tls';

export interface TlsProfile {
  ciphers?: string;
  sigalgs?: string;
  ALPNProtocols?: string[];
  maxVersion?: tls.SecureVersion;
  servername?: string;
}

export const PROFILES = {
  browser: { ALPNProtocols: ['h2', 'http/1.1'], servername: 'shop.localhost' },
  python: { ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-GCM-SHA256', ALPNProtocols: ['http/1.1'], maxVersion: 'TLSv1.2', servername: 'shop.localhost' },
  scraper: { sigalgs: 'ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256:rsa_pkcs1_sha256', servername: 'shop.localhost' },
} satisfies Record<string, TlsProfile>;

export interface Reply {
  status: number;
  body: string;
  cookie?: string;
}

const TIMEOUT_MS = 3000;

function cookieOf(setCookie: string | string[] | undefined, name: string): string | undefined {
  for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const m = new RegExp(`^${name}=([^;]+)`).exec(c);
    if (m) return m[1];
  }
  return undefined;
}

/** One HTTP/1.1 request over its own TLS connection (scripted clients: a new connection and address each time). */
export function h1Request(o: { port: number; localAddress: string; profile: TlsProfile; method: string; path: string; headers: [string, string][]; cookieName: string }): Promise<Reply | undefined> {
  return new Promise((resolve) => {
    const flat = o.headers.flatMap(([k, v]) => [k, v]);
    const req = https.request({ host: '127.0.0.1', port: o.port, method: o.method, path: o.path, headers: flat as unknown as Record<string, string>, localAddress: o.localAddress, agent: false, rejectUnauthorized: false, ...o.profile });
    const timer = setTimeout(() => {
      req.destroy();
      resolve(undefined);
    }, TIMEOUT_MS);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body, cookie: cookieOf(res.headers['set-cookie'], o.cookieName) });
      });
      res.on('error', () => resolve(undefined));
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    req.end(o.method === 'POST' ? '{}' : undefined);
  });
}

/** A browser-like HTTP/2 connection from one address, kept for the whole visit. */
export class H2Client {
  private session: ClientHttp2Session;

  constructor(port: number, localAddress: string, private readonly cookieName: string) {
    this.session = http2.connect(`https://127.0.0.1:${port}`, {
      createConnection: () => tls.connect({ host: '127.0.0.1', port, localAddress, rejectUnauthorized: false, ...PROFILES.browser } as tls.ConnectionOptions),
    });
    this.session.on('error', () => {});
  }

  request(method: string, path: string, headers: [string, string][]): Promise<Reply | undefined> {
    return new Promise((resolve) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = this.session.request({ ':method': method, ':authority': 'shop.localhost', ':scheme': 'https', ':path': path, ...Object.fromEntries(headers) }, { endStream: method !== 'POST' });
      } catch {
        return resolve(undefined);
      }
      const timer = setTimeout(() => {
        stream.close();
        resolve(undefined);
      }, TIMEOUT_MS);
      let status = 0;
      let cookie: string | undefined;
      let body = '';
      stream.on('response', (h) => {
        status = Number(h[':status']);
        cookie = cookieOf(h['set-cookie'], this.cookieName);
      });
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (body += c));
      stream.on('end', () => {
        clearTimeout(timer);
        resolve({ status, body, cookie });
      });
      stream.on('error', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
      if (method === 'POST') stream.end('{}');
    });
  }

  close(): void {
    this.session.close();
  }
}
