// Grade letters come from src/common/grades.ts; this adds the web's CSS colour slugs.
// Colours are CSS variables defined in styles.css, per theme.
import { GRADES } from '../../common/grades.ts';

export { GRADES, compareGrades, gradeColor, type Grade } from '../../common/grades.ts';

const SLUG: Record<string, string> = { 'A+': 'aplus', A: 'a', B: 'b', C: 'c', D: 'd', F: 'f' };

/** CSS-safe slug for a grade: `A+` → `aplus`; no grade → `none`. */
export function gradeSlug(grade: string | null | undefined): string {
  return (grade && SLUG[grade]) || 'none';
}

/** The CSS colour (a variable reference) of a grade, for inline styles. */
export function gradeVar(grade: string | null | undefined): string {
  return `var(--grade-${gradeSlug(grade)})`;
}

/** Grade letters plus "none", in display order (distribution bars and legends). */
export const GRADES_AND_NONE = [...GRADES, 'none'] as const;
