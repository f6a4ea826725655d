// Wire shapes of the errors API (/api/v1/errors/…): projects with their DSN, issues, their
// per-minute counts, releases and events. Sentry's own ingest endpoints (/api/{project}/envelope/)
// answer in Sentry's shapes and are not described here. docs/errors.md.
import { z } from 'zod';
import { changeViewSchema } from './changes.ts';
import { isoSchema, refSchema } from './shared.ts';

export const ISSUE_STATUSES = ['unresolved', 'resolved', 'resolved-next-release', 'ignored'] as const;
export const issueStatusSchema = z.enum(ISSUE_STATUSES);
export type IssueStatus = z.infer<typeof issueStatusSchema>;

export const errorProjectSchema = z.object({
  id: z.number().int(),
  entity: refSchema,
  publicKey: z.string(),
  dsn: z.string().describe('what SDKs are configured with'),
  source: z.enum(['annotation', 'api']),
  createdAt: isoSchema,
});
export type ErrorProject = z.infer<typeof errorProjectSchema>;
export const errorProjectListSchema = z.object({ items: z.array(errorProjectSchema) });

export const issueFrameSchema = z.object({
  filename: z.string().optional(),
  absPath: z.string().optional(),
  module: z.string().optional(),
  function: z.string().optional(),
  lineno: z.number().optional(),
  contextLine: z.string().optional(),
  inApp: z.boolean(),
});

export const issueSummarySchema = z.object({
  id: z.string(),
  entity: refSchema,
  projectId: z.number().int(),
  title: z.string(),
  culprit: z.string().nullable(),
  type: z.string().nullable(),
  level: z.string(),
  platform: z.string(),
  status: issueStatusSchema,
  resolvedInRelease: z.string().nullable(),
  resolvedAt: isoSchema.nullable(),
  firstSeen: isoSchema,
  lastSeen: isoSchema,
  firstRelease: z.string().nullable(),
  lastRelease: z.string().nullable(),
  events: z.number().int(),
  users: z.number().int(),
  regressedAt: isoSchema.nullable(),
  regressions: z.number().int(),
  /** Events per hour over the last 24 hours, oldest first. */
  sparkline: z.array(z.number().int()),
});
export type IssueSummary = z.infer<typeof issueSummarySchema>;
export const issueListSchema = z.object({ items: z.array(issueSummarySchema) });

export const issueReleaseSchema = z.object({ release: z.string().nullable(), count: z.number().int(), firstSeen: isoSchema, lastSeen: isoSchema });

export const errorEventSchema = z.object({
  eventId: z.string(),
  receivedAt: isoSchema,
  occurredAt: isoSchema,
  release: z.string().nullable(),
  environment: z.string().nullable(),
  traceId: z.string().nullable(),
  level: z.string(),
  /** The event as stored (trimmed as Sentry trims). */
  payload: z.record(z.string(), z.unknown()),
});
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export const errorEventListSchema = z.object({ items: z.array(errorEventSchema) });

export const issueDetailSchema = issueSummarySchema.extend({
  hashes: z.array(z.string()),
  releases: z.array(issueReleaseSchema),
  frames: z.array(issueFrameSchema),
  latestEvent: errorEventSchema.nullable(),
});
export type IssueDetail = z.infer<typeof issueDetailSchema>;

export const minuteCountsSchema = z.object({ items: z.array(z.object({ minute: z.string().describe('YYYY-MM-DDTHH:MM (UTC)'), count: z.number().int() })) });

export const issuePatchSchema = z.object({
  status: issueStatusSchema,
  /** For resolved-next-release: the release the fix is not in (default: the issue's last release). */
  release: z.string().min(1).max(200).optional(),
});

const sinceChangeIssueSchema = z.object({
  id: z.string(),
  entity: refSchema,
  title: z.string(),
  status: issueStatusSchema,
  firstSeen: isoSchema,
  lastSeen: isoSchema,
  /** Events in the window after the change. */
  eventsAfter: z.number().int(),
  /** Events in the same window one day earlier (this hour against yesterday). */
  eventsDayBefore: z.number().int(),
});

/** What is new since a change: issues first seen in the window after it, and known ones still seen. */
export const sinceChangeSchema = z.object({
  change: z.object({ id: z.string(), summary: z.string(), kind: z.string(), entities: z.array(refSchema), at: isoSchema }),
  windowMinutes: z.number().int(),
  newIssues: z.array(sinceChangeIssueSchema),
  knownIssues: z.array(sinceChangeIssueSchema),
});
export type SinceChange = z.infer<typeof sinceChangeSchema>;

export const debugKeySchema = z.object({ id: z.string(), entity: refSchema, secret: z.string().describe('32 bytes, base64url: AES-256-GCM key'), createdAt: isoSchema });
export const debugDecryptSchema = z.object({
  entity: refSchema,
  keyId: z.string(),
  data: z.object({ traceId: z.string(), eventId: z.string().optional(), time: z.string(), host: z.string().optional() }),
  /** Events with the blob's trace id. */
  events: z.array(z.object({ issueId: z.string(), eventId: z.string(), occurredAt: isoSchema })),
});

/** `GET /errors/issues/{id}/commits`: the commits that probably caused an issue, from its repository. */
export const issueCommitsSchema = z.object({
  /** The service's `tally.dev/repo-path` annotation, when it has one. */
  repository: z.string().nullable(),
  /** The release blamed (the issue's first release) and the commit it names. */
  release: z.string().nullable(),
  commit: z.string().nullable(),
  /** The previous release's commit: commits after it are "in this release". */
  previousCommit: z.string().nullable(),
  /** Why the answer is partial or empty (no annotation, no repository, release not in git…). */
  notes: z.array(z.string()),
  /** The in-app frames and the repository file each maps to (null: no such file). */
  frames: z.array(z.object({ path: z.string(), line: z.number().optional(), function: z.string().optional(), file: z.string().nullable() })),
  commits: z.array(
    z.object({
      sha: z.string(),
      author: z.string(),
      email: z.string(),
      date: isoSchema,
      message: z.string(),
      score: z.number(),
      reasons: z.array(z.string()),
      /** New between the previous release and this one. */
      inRelease: z.boolean(),
      /** The change (deploy) of the change database that shipped it, with its revert. */
      change: changeViewSchema.nullable(),
      /** That change is among the issue's suspect changes. */
      suspect: z.boolean(),
    }),
  ),
});
export type IssueCommits = z.infer<typeof issueCommitsSchema>;
