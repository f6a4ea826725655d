// Facts documents from the sources (`tally.dev/v1`, kind Facts). Each document applies whole or
// not at all: its items are checked against the catalog and the clock when it is applied.
import type { DocumentKind } from '../platform/documents/kinds.ts';
import { zodProblems } from '../platform/problems.ts';
import { existingEntityRefs } from '../catalog/index.ts';
import { FACTS_RECORDED, factsDocumentSchema, validateFacts } from './facts.ts';
import { upsertFacts } from './repository.ts';

interface FactsDocument {
  items: unknown[];
}

export const factsKind: DocumentKind<unknown, FactsDocument> = {
  name: 'Facts',
  matches: (d) => d.apiVersion === 'tally.dev/v1' && d.kind === 'Facts',
  parse(doc) {
    const shape = factsDocumentSchema.safeParse(doc.body);
    return shape.success ? { value: { items: shape.data.spec.facts }, problems: [] } : { problems: zodProblems(shape.error, { file: doc.file, doc: doc.doc }) };
  },
  scope: 'all',
  allOrNothing: false,
  async apply(ctx, set) {
    const problems = [];
    const entities = new Set<string>();
    let written = 0;
    for (const { value, doc } of set.items) {
      const r = await validateFacts((refs) => existingEntityRefs(ctx.db, refs), value.items, { file: doc.file, doc: doc.doc, base: 'spec.facts' }, ctx.now, `file:${doc.file}`);
      problems.push(...r.problems);
      if (r.rows.length === 0) continue;
      const n = await upsertFacts(ctx.db, r.rows);
      written += n;
      if (n > 0) for (const row of r.rows) entities.add(row.entity);
    }
    if (entities.size > 0) await ctx.publish([{ type: FACTS_RECORDED, payload: { entities: [...entities] } }]);
    return { updated: written, problems };
  },
};
