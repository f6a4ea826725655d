// Notifications without storage: formats, signatures, one delivery attempt, retry schedule.
export { formatSlack, formatWebhook, summarize, escapeSlack, NOTIFICATION_TYPES } from './format.ts';
export type { NotificationEvent, NotificationType, SlackPayload } from './format.ts';
export { signBody, signatureHeaders, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, DEFAULT_TOLERANCE_SECONDS } from '../platform/outbound/sign.ts';
export { deliver, buildRequest, backoffDelay, isRetryable, MAX_ATTEMPTS } from './send.ts';
export type { DeliveryTarget, DeliveryDeps, DeliveryResult } from './send.ts';
// With storage: the outbox, its delivery job and the waiver scan.
export { enqueueGradeChanges, notifyWaiversExpiring, enqueueHackdayResults, gradeEventType } from './outbox.ts';
export type { GradeChange } from './outbox.ts';
export { deliverDueNotifications } from './delivery.ts';
