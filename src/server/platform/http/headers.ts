// Security headers on every answer — pages, API, errors, badges, the API docs: a
// Content-Security-Policy (with `frame-ancestors`, so no page of Tally can be framed), nosniff,
// X-Frame-Options for older browsers, and no Referer leaving Tally.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** `'sha256-…'` of each inline <script> of the built index.html (the theme script), for script-src. */
export function inlineScriptHashes(webDir: string): string[] {
  const index = resolve(webDir, 'index.html');
  if (!existsSync(index)) return [];
  const html = readFileSync(index, 'utf8');
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
}

/** The policy with the hashes added to its script-src (or a script-src made from default-src). */
export function policyWithHashes(policy: string, hashes: readonly string[]): string {
  if (hashes.length === 0) return policy;
  if (/(^|;)\s*script-src\s/.test(policy)) return policy.replace(/((?:^|;)\s*script-src\s[^;]*)/, `$1 ${hashes.join(' ')}`);
  return `${policy}; script-src 'self' ${hashes.join(' ')}`;
}

export function securityHeaders(app: FastifyInstance, policy: string): void {
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('content-security-policy', policy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });
}
