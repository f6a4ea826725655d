// Parameters every domain's routes share: entity refs as users type them, and their problems.
import { normalizeRef } from '../../../common/refs.ts';
import { InputError } from '../problems.ts';

/** Resolves a ref as a user types it (`checkout`, `group:payments`) with the given default kind. */
export function refParam(ref: string, field: string, defaultKind?: string): string {
  const full = normalizeRef(ref, { defaultKind });
  if (!full) throw new InputError(`${field}: "${ref}" is not an entity reference ([kind:][namespace/]name)`, [{ severity: 'error', field, message: 'not an entity reference' }]);
  return full;
}
