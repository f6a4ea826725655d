// Facts: what applications, jobs and files report about an entity ("backup-restored",
// "drill-done"), for `fact` checks and the `facts` CEL variable. The only way in from other folders.
import type { TallyModule } from '../module.ts';
import { factCheck } from './check.ts';
import { factsContext } from './context.ts';
import { factsRoutes } from './facts.routes.ts';
import { factsKind } from './kind.ts';

export { FACTS_RECORDED, recordFacts, type Fact } from './facts.ts';
export { factsByEntity } from './repository.ts';

export const factsModule: TallyModule = {
  name: 'facts',
  tables: ['facts'],
  documents: [factsKind],
  checkTypes: [factCheck],
  contexts: [factsContext],
  routes: factsRoutes,
};
