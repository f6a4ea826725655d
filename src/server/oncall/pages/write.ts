// One write to one page: the read models loaded outside the transaction (cached per process),
// the page read again inside it, so a change meanwhile is seen (updates compare its status).
import type { AppDeps } from '../../platform/deps.ts';
import { NotFoundError } from '../../platform/problems.ts';
import { readModels } from '../read-models.ts';
import type { PageRow } from '../tables.ts';
import type { PageCtx } from './lifecycle.ts';
import { findPage } from './repository.ts';

export async function loadPage(deps: Pick<AppDeps, 'db'>, key: string): Promise<PageRow> {
  const page = await findPage(deps.db, key);
  if (!page) throw new NotFoundError(`no page ${key}`);
  return page;
}

export async function writePage(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>, key: string, fn: (ctx: PageCtx, page: PageRow) => Promise<PageRow>, actor = 'api'): Promise<PageRow> {
  const models = await readModels(deps.db, deps.clock());
  return deps.db.transaction().execute(async (tx) => fn({ db: tx, config: deps.config, now: deps.clock(), actor, ...models }, await loadPage({ db: tx }, key)));
}
