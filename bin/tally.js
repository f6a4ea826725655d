#!/usr/bin/env node
// The `tally` command: loads the TypeScript CLI through tsx (no build step needed).
import { register } from 'tsx/esm/api';

register();
await import('../src/server/main.ts');
