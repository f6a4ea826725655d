// The change record's kinds and statuses, without zod: the web UI's filters and timeline import
// these values, and importing them from changes.ts would bring zod into the changes page bundle.
export const CHANGE_KINDS = ['deploy', 'config', 'infra', 'feature-flag', 'db-migration', 'revert', 'other'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_STATUSES = ['in-progress', 'succeeded', 'failed', 'rolled-back'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];
