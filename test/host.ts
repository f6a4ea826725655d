// The Host of the real module list, shared by tests that need every module's parts.
import { createHost } from '../src/server/host.ts';
import { modules } from '../src/server/modules.ts';

export const testHost = createHost(modules);
