// The changes domain's public surface: other folders import from here.
export { changesConfigSchema, type ChangesConfig } from './config.ts';
export { githubSlugIndex, githubToChange, verifyGithubSignature, type GithubDeploymentEvent } from './ingest-github.ts';
export { pagerdutyAcceptedBody, pagerdutyInvalidBody, pagerdutyToChange } from './ingest-pagerduty.ts';
export {
  applyWebhookMapping,
  compileWebhookSources,
  shouldApply,
  verifyWebhookSignature,
  webhookMappingSchema,
  type CompiledWebhookSource,
  type MappingResult,
} from './ingest-webhook.ts';
export { rankSuspects, type Suspect, type SuspectCandidate } from './suspects.ts';
export { changeStats, doraFigures, type ChangeStats, type DoraFigures, type Incident } from './dora.ts';
export { changesCheck, changesCheckSchema } from './check.ts';
export { namedRevertActionSchema, runRevertAction, type NamedRevertAction, type RevertContext, type RevertResult } from './revert-action.ts';
export { changeStatsFor, doraFor, type DoraReport } from './stats.ts';
export { recordChanges, parseChangeBody, patchChange, type RecordOutcome } from './store.ts';
export { findSuspects } from './suspects-service.ts';
export { listChanges, getChange, changeTimeline } from './query.ts';
export { revertChange } from './revert.ts';
export { seedDemoChanges } from './demo-seed.ts';
export { pruneChanges, changesRetentionJob } from './retention.ts';
