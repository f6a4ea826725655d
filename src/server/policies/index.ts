// Policies: what a grade means for deploys, build priority and SRE support (docs/policies.md).
export { parsePolicy, checkPolicySet, policyDocumentSchema, POLICY_API_VERSION, SUPPORT_LEVELS } from './document.ts';
export type { Policy, GradeRule, DeployRule, DeployWindow, Freeze, SupportLevel, UngradedRule } from './document.ts';
export { isWithinWindows, nextWindowStart, activeFreeze, isDeployOpen, freezeInterval } from './windows.ts';
export { decideDeploy, effectiveGrade, formatInstant } from './decide.ts';
export type { DeployDecision, BreakGlassOverride } from './decide.ts';
export { buildPriority, supportLevel } from './support.ts';
export type { FailingRequirement, SupportProgress, SupportDecision } from './support.ts';
// With storage: the policies in force, decisions for an entity, reports.
export { loadPolicies, putPolicy, consumePolicyDocuments } from './store.ts';
export { deployDecision, createOverride, policyContext } from './deploy.ts';
export { flushDecisionLog } from './decision-log.ts';
export { deploysReport, fTeamsReport, defaultScorecard } from './reports.ts';
export { offlineDeployDecision } from './offline.ts';
