// The HackDays' document consumer (sources/consumers.ts).
import type { DocumentConsumer } from '../platform/documents/refresh.ts';
import { consumeHackdayDocuments } from './hackdays.ts';

export const hackdayConsumer: DocumentConsumer = async (deps, documents) => {
  await consumeHackdayDocuments(deps, documents);
};
