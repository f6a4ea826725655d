// What every request body and URL must be before a route sees it: JSON in UTF-8 (a UTF-16 body
// or another charset is refused, not guessed), nested at most MAX_JSON_DEPTH levels, with no NUL
// character anywhere (PostgreSQL text cannot hold one), and no prototype-poisoning keys. Each
// refusal is a 4xx naming what and where; nothing reaches a route, a CEL run or the database.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { InputError, UnsupportedMediaError, problem } from '../problems.ts';

export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON text of a body, or a reason it is not JSON Tally reads. */
export function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) throw new UnsupportedMediaError(`request body: charset ${charset} is not read; send JSON in UTF-8`);
  if (body.length === 0) throw new InputError('request body: empty; send a JSON value', [problem('empty body', { field: 'body' })]);
  if ((body[0] === 0xfe && body[1] === 0xff) || (body[0] === 0xff && body[1] === 0xfe) || body.includes(0)) {
    throw new InputError('request body: not UTF-8 (UTF-16 or a NUL byte); send JSON in UTF-8', [problem('not UTF-8', { field: 'body' })]);
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new InputError('request body: not valid UTF-8; send JSON in UTF-8', [problem('not valid UTF-8', { field: 'body' })]);
  }
  const deep = tooDeepAt(text, MAX_JSON_DEPTH);
  if (deep !== undefined) throw new InputError(`request body: JSON nests deeper than ${MAX_JSON_DEPTH} levels (at character ${deep + 1})`, [problem(`nests deeper than ${MAX_JSON_DEPTH} levels`, { field: 'body' })]);
  let value: unknown;
  try {
    value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    throw new InputError(`request body: not valid JSON: ${(err as Error).message}`, [problem((err as Error).message, { field: 'body' })]);
  }
  const nul = nulAt(value, 'body');
  if (nul) throw new InputError(`request body: ${nul} holds a NUL character (\\u0000), which Tally does not store`, [problem('holds a NUL character', { field: nul })]);
  return value;
}

/** The offset where `text` (JSON) opens its (max+1)-th nested array or object, if it does. */
export function tooDeepAt(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return undefined;
}

/** The field path of the first string (or key) holding U+0000. Depth is already bounded. */
export function nulAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = nulAt(value[i], `${path}[${i}]`);
      if (at) return at;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\0')) return `${path}.${k.replaceAll('\0', '\\u0000')}`;
      const at = nulAt(v, `${path}.${k}`);
      if (at) return at;
    }
  }
  return undefined;
}

/** Refuses a URL holding a NUL (`%00`) before routing: path parameters and queries become refs and SQL parameters. */
export function checkUrl(req: FastifyRequest): void {
  if (/%00|\0/.test(req.url)) {
    const where = req.url.split('?')[0].includes('%00') ? 'params' : 'querystring';
    throw new InputError(`${where}: holds a NUL character (%00)`, [problem('holds a NUL character', { field: where })]);
  }
}

/** Replaces Fastify's JSON parser with parseJsonBody, for every route that does not bring its own. */
export function readJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer, req.headers['content-type']));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addHook('onRequest', async (req) => checkUrl(req));
}
