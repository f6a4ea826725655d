// The `facts` context provider: the latest fact of each name about an entity, for `fact` checks
// and CEL (`facts["backup-restored"].value.ok`). Offline, from the Facts documents of the files.
import type { ContextProvider } from '../checks/index.ts';
import { zodProblems } from '../platform/problems.ts';
import { factsDocumentSchema, validateFacts, type Fact } from './facts.ts';
import { factsByEntity } from './repository.ts';

type Facts = Record<string, Fact>;

export const factsContext: ContextProvider<Facts> = {
  name: 'facts',
  celType: 'map<string, dyn>',
  description: 'The latest fact of each name reported for the entity (POST /api/v1/facts or a Facts document).',
  fields: { '<name>.value': 'the reported value (any JSON)', '<name>.observedAt': 'when it was observed (a timestamp)' },
  empty: {},
  load: (deps, _catalog, refs) => factsByEntity(deps.db, refs),
  async offline(input) {
    const known = new Set(input.catalog.entities.map((e) => e.ref));
    const out = new Map<string, Facts>();
    for (const d of input.documents.filter((x) => x.apiVersion === 'tally.dev/v1' && x.kind === 'Facts')) {
      const shape = factsDocumentSchema.safeParse(d.body);
      if (!shape.success) {
        input.problems.push(...zodProblems(shape.error, { file: d.file, doc: d.doc }));
        continue;
      }
      const r = await validateFacts((refs) => new Set(refs.filter((ref) => known.has(ref))), shape.data.spec.facts, { file: d.file, doc: d.doc, base: 'spec.facts' }, input.now, `file:${d.file}`);
      input.problems.push(...r.problems);
      for (const row of r.rows) {
        const facts = out.get(row.entity) ?? {};
        out.set(row.entity, facts);
        const prev = facts[row.name];
        if (!prev || prev.observedAt <= row.observed_at) facts[row.name] = { name: row.name, value: JSON.parse(row.value), observedAt: row.observed_at };
      }
    }
    return out;
  },
  toCel(facts) {
    const out: Record<string, { value: unknown; observedAt: Date }> = {};
    for (const [name, f] of Object.entries(facts)) out[name] = { value: f.value ?? null, observedAt: new Date(f.observedAt) };
    return out;
  },
};
