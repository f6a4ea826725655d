// The check types that reach outside Tally: the network (http, prometheus), local git
// clones (git) and local programs (command). The registry adds them to its built-ins.
import { commandCheck } from './command.ts';
import { gitCheck } from './git.ts';
import { httpCheck } from './http.ts';
import { prometheusCheck } from './prometheus.ts';
import type { CheckType } from './types.ts';

export const ioCheckTypes: CheckType<any>[] = [httpCheck, prometheusCheck, gitCheck, commandCheck];
export { commandCheck, gitCheck, httpCheck, prometheusCheck };
