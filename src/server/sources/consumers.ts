// The loaders of Tally's own documents, run after every catalog refresh, in this order.
import type { DocumentConsumer } from './refresh.ts';

export const documentConsumers: DocumentConsumer[] = [];
