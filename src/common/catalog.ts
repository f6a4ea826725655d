// The catalog's vocabulary, shared by server, CLI and web UI.
// Entities are Backstage's format, unchanged (backstage.io/v1alpha1).

export const CATALOG_API_VERSIONS = ['backstage.io/v1alpha1', 'backstage.io/v1beta1'] as const;
export const ENTITY_KINDS = ['Component', 'System', 'Domain', 'Resource', 'API', 'Group', 'User', 'Location'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface EntityLink {
  url: string;
  title?: string;
  icon?: string;
  type?: string;
}

export interface EntityMetadata {
  name: string;
  namespace?: string;
  title?: string;
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  tags?: string[];
  links?: EntityLink[];
  [key: string]: unknown;
}

export interface Entity {
  apiVersion: string;
  kind: string;
  metadata: EntityMetadata;
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Relation types, as Backstage names them; each has its inverse. */
export const RELATION_PAIRS = {
  ownedBy: 'ownerOf',
  partOf: 'hasPart',
  dependsOn: 'dependencyOf',
  providesApi: 'apiProvidedBy',
  consumesApi: 'apiConsumedBy',
  memberOf: 'hasMember',
  childOf: 'parentOf',
} as const;
export type RelationType =
  | keyof typeof RELATION_PAIRS
  | (typeof RELATION_PAIRS)[keyof typeof RELATION_PAIRS];

/** A directed relation between two entities, both in full ref form. */
export interface Relation {
  type: RelationType;
  source: string;
  target: string;
}

/** Tally's own annotations (documented in docs/catalog.md). */
export const ANNOTATIONS = {
  tier: 'tally.dev/tier',
  statusUrl: 'tally.dev/status-url',
  runbookUrl: 'tally.dev/runbook-url',
  dashboardUrl: 'tally.dev/dashboard-url',
  repoPath: 'tally.dev/repo-path',
  slackWebhook: 'tally.dev/slack-webhook',
  webhookUrl: 'tally.dev/webhook-url',
  oncallRotation: 'tally.dev/oncall-rotation',
  githubSlug: 'github.com/project-slug',
} as const;
