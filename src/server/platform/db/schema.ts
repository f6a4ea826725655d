// The database's tables, by name. Here only the platform's own: each domain adds its tables
// from its tables.ts with
//   declare module '../platform/db/schema.ts' { interface Database extends MyTables {} }
// so the platform imports no domain and every query is still typed. Which folder may touch
// which table is checked by the boundaries test (src/server/boundaries.test.ts).
import type { PlatformTables } from './tables.ts';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database extends PlatformTables {}
