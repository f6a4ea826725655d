// The `Edge` document (tally.dev/v1): where the edge listens, its upstream, the target error
// rates of its verdicts, the signals' weights, the actions and their limits. Parsed with zod; a bad
// CIDR, rate or threshold is refused naming its field (`spec.verdict.falsePositiveRate`), and
// nothing of a refused document is used.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError, problem, zodProblems } from '../platform/problems.ts';
import { parseCidr } from './ranges.ts';

const cidr = z.string().max(64).refine((s) => parseCidr(s) !== undefined, { message: 'not a CIDR (e.g. 10.0.0.0/8 or 2001:db8::/32)' });
const rate = z.number().gt(0, 'must be above 0').lt(0.5, 'must be below 0.5');
const path = z.string().regex(/^\/[\x21-\x7e]{0,200}$/, 'a path starting with /');
const port = z.number().int().min(0).max(65535);
/** A likelihood ratio P(observation | bot) / P(observation | human). */
const ratio = z.number().gt(0, 'a likelihood ratio is above 0').max(1000);

const shadowResponse = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']).optional(),
  pathPrefix: path,
  status: z.number().int().min(200).max(599).default(200),
  contentType: z.string().max(100).default('application/json'),
  body: z.string().max(64 * 1024),
});

export const edgeSpecSchema = z.strictObject({
  upstream: z.url({ protocol: /^https?$/ }).max(500),
  listen: z.strictObject({
    host: z.string().max(100).default('127.0.0.1'),
    port: port.default(8443),
    /** PEM files; without them the edge speaks plain HTTP/1.1 (no JA4). */
    tls: z.strictObject({ cert: z.string().max(500), key: z.string().max(500) }).optional(),
  }).prefault({}),
  /** The decision service: nginx `auth_request`, metrics, the shadow/tarpit responder. Keep it private. */
  decision: z.strictObject({ host: z.string().max(100).default('127.0.0.1'), port: port.default(8081) }).prefault({}),
  verdict: z.strictObject({
    /** α: share of humans that may be judged bots (Wald's upper threshold ln((1-β)/α)). */
    falsePositiveRate: rate.default(0.001),
    /** β: share of bots that may be judged human (lower threshold ln(β/(1-α))). */
    falseNegativeRate: rate.default(0.05),
    /** Evidence is gathered at least this long before any verdict. */
    minObserveSeconds: z.number().min(0).max(3600).default(120),
    banMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
    /** Throttle once the evidence reaches this share of the bot threshold. */
    throttleAt: z.number().gt(0, 'must be above 0').lt(1, 'must be below 1').default(0.5),
  }).prefault({}),
  signals: z.strictObject({
    honeypot: ratio.default(40),
    cloudOrigin: ratio.default(4),
    osMismatch: ratio.default(6),
    fastRequest: ratio.default(1.6),
    humanPace: ratio.default(0.8),
    regular: ratio.default(6),
    checkoutWithoutBrowsing: ratio.default(8),
    checkoutAfterBrowsing: ratio.default(0.5),
    assetFetch: ratio.default(0.7),
    pageWithoutAssets: ratio.default(2),
    /** Requests closer than this (per session) are "fast". */
    fastGapMs: z.number().int().min(1).max(60_000).default(400),
  }).prefault({}),
  pages: z.strictObject({
    product: z.array(path).max(50).default(['/product']),
    checkout: z.array(path).max(50).default(['/cart', '/checkout']),
    assets: z.array(path).max(50).default(['/static', '/assets']),
  }).prefault({}),
  session: z.strictObject({ cookie: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).default('sid') }).prefault({}),
  honeypot: z.strictObject({ pathPrefix: path.default('/promo/') }).prefault({}),
  /** Addresses never acted on (monitors, the company's own offices). */
  trustedCidrs: z.array(cidr).max(1000).default([]),
  actions: z.strictObject({
    /** What a bot verdict does; a bot that also walked into the honeypot gets `onHoneypotBot`. */
    onBot: z.enum(['shadow', 'tarpit']).default('shadow'),
    onHoneypotBot: z.enum(['shadow', 'tarpit']).default('tarpit'),
  }).prefault({}),
  throttle: z.strictObject({ requestsPerSecond: z.number().gt(0).max(1000).default(1), maxDelayMs: z.number().int().min(0).max(60_000).default(3000) }).prefault({}),
  shadow: z.strictObject({ responses: z.array(shadowResponse).max(100).default([]) }).prefault({}),
  tarpit: z.strictObject({
    maxSockets: z.number().int().min(1).max(100_000).default(2000),
    timeoutSeconds: z.number().int().min(1).max(3600).default(300),
    bytesPerTick: z.number().int().min(1).max(64).default(2),
    tickMs: z.number().int().min(50).max(60_000).default(1000),
  }).prefault({}),
  /** p0f's API socket (a sidecar sniffing the interface): the TCP SYN's operating system, against the User-Agent's. */
  p0f: z.strictObject({ socket: z.string().max(500), waitMs: z.number().int().min(1).max(1000).default(20) }).optional(),
  /** Cloud range files (the repository's snapshot when empty). */
  ranges: z.array(z.string().max(500)).max(20).default([]),
});

export const edgeDocumentSchema = z.strictObject({
  apiVersion: z.literal('tally.dev/v1'),
  kind: z.literal('Edge'),
  metadata: z.strictObject({ name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -') }),
  spec: edgeSpecSchema,
});

export type EdgeDocument = z.infer<typeof edgeDocumentSchema>;
export type EdgeSpec = EdgeDocument['spec'];

/** An Edge document from YAML text; an InputError naming the file and field when it is not one. */
export function parseEdgeDocument(text: string, file = 'edge.yaml'): EdgeDocument {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 50 });
  } catch (err) {
    throw InputError.fromProblems(`${file} is not YAML`, [problem((err as Error).message, { file })]);
  }
  const parsed = edgeDocumentSchema.safeParse(raw);
  if (!parsed.success) throw InputError.fromProblems(`${file} is not a valid Edge document`, zodProblems(parsed.error, { file }));
  return parsed.data;
}

export function loadEdgeDocument(file: string): EdgeDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw InputError.fromProblems(`cannot read ${file}`, [problem((err as Error).message, { file })]);
  }
  if (text.length > 512 * 1024) throw InputError.fromProblems(`${file} is too large`, [problem('at most 512 KiB', { file })]);
  const doc = parseEdgeDocument(text, file);
  // Files it names are relative to the document.
  const dir = dirname(resolve(file));
  const tls = doc.spec.listen.tls;
  if (tls) doc.spec.listen.tls = { cert: resolve(dir, tls.cert), key: resolve(dir, tls.key) };
  doc.spec.ranges = doc.spec.ranges.map((r) => resolve(dir, r));
  return doc;
}
