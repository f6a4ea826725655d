// The Host of the real module list, shared by tests that need every module's parts.
import { createHost } from '../host.ts';
import { modules } from '../modules.ts';

export const testHost = createHost(modules);
