// The loaders of Tally's own documents, run after every catalog refresh, in this order.
import { hackdayConsumer } from '../leaderboard/consumer.ts';
import { policyConsumer } from '../policies/consumer.ts';
import { consumeScorecardDocuments } from '../scorecards/loader.ts';
import type { DocumentConsumer } from '../platform/documents/refresh.ts';

export const documentConsumers: DocumentConsumer[] = [consumeScorecardDocuments, policyConsumer, hackdayConsumer];
