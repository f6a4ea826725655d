// The client's HTTP/2 connection preface as it arrived, read from the TLS socket before node:http2
// takes it (Node reports the values of SETTINGS but not their order, and no PRIORITY frames). The
// bytes read are put back (`unshift`), and node:http2 reads data already buffered on the socket
// when its session starts, so the session sees exactly what the client sent.
//
// What is kept: the SETTINGS in the order sent (`id:value;…`), the connection's WINDOW_UPDATE
// increment, PRIORITY frames and the first HEADERS frame's priority (`stream:exclusive:dependency:
// weight`, the weight 1–256 as RFC 9113 counts it), from the frames in the first flight — the
// reader does not wait for a request (a client may wait for the server's SETTINGS first).
import type { TLSSocket } from 'node:tls';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const MAX_PEEK = 16 * 1024;
const FRAME_HEADER = 9;
const DATA = 0x0;
const HEADERS = 0x1;
const PRIORITY = 0x2;
const SETTINGS = 0x4;
const WINDOW_UPDATE = 0x8;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;

export interface H2Preface {
  /** `1:65536;2:0;4:6291456;6:262144`: the first SETTINGS frame, in the order sent. */
  settings: string;
  /** The connection WINDOW_UPDATE increment sent before the first request, 0 when none. */
  window: number;
  /** PRIORITY frames, then the first HEADERS frame's priority, comma-separated; `0` when none. */
  priority: string;
}

/**
 * The preface parsed from the bytes received so far: `undefined` while the preface and the first
 * SETTINGS frame are incomplete, `null` when the bytes are not an HTTP/2 preface.
 */
export function parsePreface(data: Buffer): H2Preface | undefined | null {
  const head = Math.min(data.length, PREFACE.length);
  if (!data.subarray(0, head).equals(PREFACE.subarray(0, head))) return null;
  let at = PREFACE.length;
  let settings: string | undefined;
  let window = 0;
  const priority: string[] = [];
  let sawHeaders = false;
  while (at + FRAME_HEADER <= data.length) {
    const length = data.readUIntBE(at, 3);
    const type = data[at + 3]!;
    const flags = data[at + 4]!;
    const stream = data.readUInt32BE(at + 5) & 0x7fffffff;
    const start = at + FRAME_HEADER;
    if (start + length > data.length) break; // the rest has not arrived: what came is enough
    const payload = data.subarray(start, start + length);
    if (settings === undefined) {
      if (type !== SETTINGS || length % 6 !== 0) return null; // RFC 9113 §3.4: SETTINGS comes first
      const list: string[] = [];
      for (let i = 0; i < length; i += 6) list.push(`${payload.readUInt16BE(i)}:${payload.readUInt32BE(i + 2)}`);
      settings = list.join(';');
    } else if (type === WINDOW_UPDATE && stream === 0 && length === 4) {
      window += payload.readUInt32BE(0) & 0x7fffffff;
    } else if (type === PRIORITY && length === 5) {
      priority.push(priorityText(stream, payload, 0));
    } else if (type === HEADERS && !sawHeaders) {
      sawHeaders = true;
      const pad = flags & FLAG_PADDED ? 1 : 0;
      if (flags & FLAG_PRIORITY && length >= pad + 5) priority.push(priorityText(stream, payload, pad));
    } else if (type === DATA) {
      break;
    }
    at = start + length;
  }
  if (settings === undefined) return undefined;
  return { settings, window, priority: priority.length ? priority.join(',') : '0' };
}

function priorityText(stream: number, p: Buffer, at: number): string {
  const dep = p.readUInt32BE(at);
  return `${stream}:${dep >>> 31}:${dep & 0x7fffffff}:${p[at + 4]! + 1}`;
}

/**
 * Reads the first flight of an h2 connection and hands the socket on with every byte put back.
 * Calls `done` once: with the preface, or undefined (not a preface, closed, too slow, too long).
 */
export function readPreface(socket: TLSSocket, timeoutMs: number, done: (p: H2Preface | undefined) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  let finished = false;
  const finish = (p: H2Preface | undefined) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.removeListener('readable', onReadable);
    socket.removeListener('end', onEnd);
    if (buffered.length && !socket.destroyed) socket.unshift(buffered);
    done(p);
  };
  const onReadable = () => {
    let chunk: Buffer | null;
    while ((chunk = socket.read() as Buffer | null) !== null) buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    const p = parsePreface(buffered);
    if (p !== undefined) finish(p ?? undefined);
    else if (buffered.length >= MAX_PEEK) finish(undefined);
  };
  const onEnd = () => finish(undefined);
  const timer = setTimeout(() => finish(undefined), timeoutMs);
  socket.on('readable', onReadable);
  socket.once('end', onEnd);
}
