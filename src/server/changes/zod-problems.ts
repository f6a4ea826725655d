// zod issues → Problems naming the field, as config.ts's zodProblems does. A copy, not an
// import: config.ts lists this domain's config section (config-sections.ts → changes/config.ts
// → the ingest modules), so importing config.ts from here would be an import cycle in which
// whichever module loads first sees the other's exports uninitialised.
import type { z } from 'zod';
import { problem, type Problem } from '../problems.ts';

export function zodProblems(error: z.ZodError, at: Omit<Problem, 'message' | 'severity' | 'field'> = {}, prefix = ''): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const field = (prefix + path).replace(/^\./, '') || undefined;
    return problem(issue.message, { ...at, field });
  });
}
