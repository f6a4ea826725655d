// The policies' document consumer (sources/consumers.ts): Policy documents of the sources.
import type { DocumentConsumer } from '../platform/documents/refresh.ts';
import { consumePolicyDocuments } from './store.ts';

export const policyConsumer: DocumentConsumer = async (deps, documents) => {
  await consumePolicyDocuments(deps, documents);
};
