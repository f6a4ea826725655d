// The TCP SYN fingerprint from Debian's p0f running as a sidecar (`p0f -i eth0 -s /run/p0f.sock`):
// its API socket is asked, per client address, which operating system the last SYN looked like.
// The query is 21 bytes (magic 0x50304601, address type 4 or 6, 16 address bytes); the answer 232
// (magic 0x50304602, status 0x10 = found, …, the OS name at byte 40 and its flavour at 72, 32 bytes
// each, NUL-padded). A p0f that is missing, slow or does not know the address gives undefined:
// the edge never waits on it for long nor fails because of it.
import net from 'node:net';
import { addressBytes } from '../ranges.ts';

const QUERY_MAGIC = 0x50304601;
const ANSWER_MAGIC = 0x50304602;
const FOUND = 0x10;
const ANSWER_BYTES = 232;

const text = (b: Buffer, at: number) => {
  const s = b.subarray(at, at + 32);
  const end = s.indexOf(0);
  return s.subarray(0, end < 0 ? 32 : end).toString('latin1');
};

/** "Linux 2.2.x-3.x", "Windows 7 or 8", … or undefined. */
export function p0fLookup(socketPath: string, ip: string, timeoutMs = 50): Promise<string | undefined> {
  const a = addressBytes(ip);
  if (!a) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const q = Buffer.alloc(21);
    q.writeUInt32LE(QUERY_MAGIC, 0);
    q[4] = a.family;
    Buffer.from(a.bytes).copy(q, 5);
    const chunks: Buffer[] = [];
    let size = 0;
    const s = net.connect(socketPath);
    const done = (v: string | undefined) => {
      clearTimeout(timer);
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    s.on('error', () => done(undefined));
    s.on('connect', () => s.write(q));
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size < ANSWER_BYTES) return;
      const r = Buffer.concat(chunks);
      if (r.readUInt32LE(0) !== ANSWER_MAGIC || r.readUInt32LE(4) !== FOUND) return done(undefined);
      const os = [text(r, 40), text(r, 72)].filter(Boolean).join(' ');
      done(os || undefined);
    });
  });
}
