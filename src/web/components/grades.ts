// Grade letters come from src/common/grades.ts; this adds the web's CSS colour slugs.
// Colours are CSS variables defined in styles.css, per theme.
export { GRADES } from '../../common/grades.ts';

const SLUG: Record<string, string> = { 'A+': 'aplus', A: 'a', B: 'b', C: 'c', D: 'd', F: 'f' };

/** CSS-safe slug for a grade: `A+` → `aplus`; no grade → `none`. */
export function gradeSlug(grade: string | null | undefined): string {
  return (grade && SLUG[grade]) || 'none';
}
