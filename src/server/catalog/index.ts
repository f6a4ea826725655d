// The catalog: Backstage entities and their relations, read from the sources and the API.
// The only way in from other folders.
import type { TallyModule } from '../module.ts';
import { catalogCommands } from './catalog.cli.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { entityKind } from './kind.ts';

export { CATALOG_CHANGED, isCatalogApiVersion, entityKind } from './kind.ts';
export { loadCatalogFiles } from './load.ts';
export { deriveRelations, entityRef, unresolvedRefs } from './relations.ts';
export { catalogGeneration, catalogSnapshot, type CatalogEntity, type CatalogSnapshot } from './view.ts';
export { existingEntityRefs, countByKind } from './repository.ts';
export { validateEntity } from './validate.ts';
export { readTallyAnnotations } from './annotations.ts';
export type { LoadedEntity, LoadResult } from './types.ts';

export const catalogModule: TallyModule = {
  name: 'catalog',
  tables: ['entities', 'relations'],
  documents: [entityKind],
  routes: catalogRoutes,
  commands: catalogCommands,
};
