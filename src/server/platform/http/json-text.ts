// Answers built once and sent many times: JSON, encoded to UTF-8 bytes once, with its entity tag.
// Sending bytes skips the schema serializer and the per-answer encoding (the route's schema still documents the shape); a client that sends the
// tag back in If-None-Match gets 304 Not Modified and no body. `private, no-cache`: a browser
// may keep the answer but asks again each time; a shared cache must not keep it (the same URL
// may answer differently to someone else, e.g. anonymous read turned off).
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface JsonText {
  /** The JSON text as UTF-8. */
  body: Buffer;
  etag: string;
}

export function jsonText(value: unknown): JsonText {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/** Whether an If-None-Match header names this tag (or `*`); weak tags compare equal too. */
export function matchesTag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

export function sendJsonText(req: FastifyRequest, reply: FastifyReply, body: JsonText): FastifyReply {
  reply.header('etag', body.etag).header('cache-control', 'private, no-cache');
  if (matchesTag(req.headers['if-none-match'], body.etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body.body);
}
