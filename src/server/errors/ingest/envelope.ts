// Sentry's envelope: a JSON header line, then items, each a JSON header line and a payload —
// `length` bytes when the header says so, else up to the next newline. Only `event` items (and
// their older spelling through the store endpoint) become events here; every other item type is
// counted and skipped with its reason. A malformed envelope is refused naming the item.
import { InputError } from '../../platform/problems.ts';

export interface EnvelopeItem {
  /** 1-based position, for messages. */
  index: number;
  type: string;
  payload: Buffer;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

const NL = 0x0a;

function lineEnd(buf: Buffer, from: number): number {
  const i = buf.indexOf(NL, from);
  return i < 0 ? buf.length : i;
}

function parseJsonLine(buf: Buffer, start: number, end: number, what: string): Record<string, unknown> {
  let text = buf.toString('utf8', start, end);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new InputError(`malformed envelope: ${what} is not JSON (${(e as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(`malformed envelope: ${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

/** Parses an envelope; throws InputError (400) naming the header or the item that is wrong. */
export function parseEnvelope(buf: Buffer, maxItems = 1000): Envelope {
  if (buf.length === 0) throw new InputError('malformed envelope: the body is empty');
  let pos = 0;
  const headerEnd = lineEnd(buf, 0);
  const header = parseJsonLine(buf, 0, headerEnd, 'the envelope header');
  pos = headerEnd + 1;
  const items: EnvelopeItem[] = [];
  while (pos < buf.length) {
    // Blank lines between items are tolerated.
    if (buf[pos] === NL || (buf[pos] === 0x0d && buf[pos + 1] === NL)) {
      pos += buf[pos] === NL ? 1 : 2;
      continue;
    }
    const index = items.length + 1;
    if (index > maxItems) throw new InputError(`malformed envelope: more than ${maxItems} items`);
    const hEnd = lineEnd(buf, pos);
    const h = parseJsonLine(buf, pos, hEnd, `item ${index}'s header`);
    const type = typeof h.type === 'string' && h.type ? h.type : undefined;
    if (!type) throw new InputError(`malformed envelope: item ${index} has no type`);
    pos = hEnd + 1;
    let payload: Buffer;
    if (h.length !== undefined && h.length !== null) {
      const length = h.length;
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) throw new InputError(`malformed envelope: item ${index} (${type}) has a bad length`);
      if (pos + length > buf.length) throw new InputError(`malformed envelope: item ${index} (${type}) says ${length} bytes but the body ends after ${Math.max(0, buf.length - pos)}`);
      payload = buf.subarray(pos, pos + length);
      pos += length;
      if (pos < buf.length) {
        if (buf[pos] === 0x0d && buf[pos + 1] === NL) pos += 2;
        else if (buf[pos] === NL) pos += 1;
        else throw new InputError(`malformed envelope: item ${index} (${type}) is longer than its length of ${length} bytes`);
      }
    } else {
      const pEnd = lineEnd(buf, pos);
      payload = buf.subarray(pos, pEnd);
      pos = pEnd + 1;
    }
    items.push({ index, type, payload });
  }
  return { header, items };
}

/** An event item's payload as a JSON object; throws naming the item otherwise. */
export function eventPayload(item: EnvelopeItem): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(item.payload.toString('utf8'));
  } catch (e) {
    throw new InputError(`malformed envelope: item ${item.index} (${item.type}) is not JSON (${(e as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(`malformed envelope: item ${item.index} (${item.type}) is not a JSON object`);
  return v as Record<string, unknown>;
}

/** Item types that are events (the rest is counted and skipped). */
export const EVENT_ITEM_TYPES = new Set(['event']);

/** Why a non-event item is skipped: shown in the discard counts. */
export function skipReason(type: string): string {
  switch (type) {
    case 'transaction':
    case 'span':
    case 'profile':
    case 'profile_chunk':
      return 'performance data is not kept (errors only)';
    case 'session':
    case 'sessions':
      return 'release health (sessions) is not kept';
    case 'attachment':
      return 'attachments are not kept';
    case 'client_report':
      return "the SDK's own report of what it dropped";
    case 'replay_event':
    case 'replay_recording':
    case 'replay_video':
      return 'session replays are not kept';
    case 'check_in':
      return 'cron check-ins are not kept';
    case 'security':
      return 'security reports are not taken in envelopes (use the store endpoint)';
    default:
      return `unknown item type "${type}"`;
  }
}
