// The notification delivery log over HTTP (docs/policies.md#notifications).
import { z } from 'zod';
import { isoSchema, pageOf, refSchema } from './shared.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const deliverySchema = z.object({
  id: z.string(),
  key: z.string(),
  /** grade-up, grade-down, entered-f, waiver-expiring, hackday-results. */
  type: z.string(),
  entity: refSchema.nullable(),
  team: refSchema.nullable(),
  /** Webhook URLs are secrets: only the origin is shown. */
  target: z.object({ kind: z.string(), origin: z.string() }),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  nextAttemptAt: isoSchema.nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoSchema,
  deliveredAt: isoSchema.nullable(),
  /** The page the message links to (server.publicUrl + the web path). */
  url: z.string().nullable(),
  /** The message's text. */
  details: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const deliveriesSchema = pageOf(deliverySchema);
