// Grade letters and their colours for the web UI.
// Local helper: src/common/grades.ts (GRADES, gradeColor) was not there yet when this was written;
// switch to it once it lands. Colours are CSS variables defined in styles.css, per theme.

export const GRADES = ['A+', 'A', 'B', 'C', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];

const SLUG: Record<string, string> = { 'A+': 'aplus', A: 'a', B: 'b', C: 'c', D: 'd', F: 'f' };

/** CSS-safe slug for a grade: `A+` → `aplus`; no grade → `none`. */
export function gradeSlug(grade: string | null | undefined): string {
  return (grade && SLUG[grade]) || 'none';
}

/** The CSS colour (a variable reference) of a grade, for inline styles and charts. */
export function gradeVar(grade: string | null | undefined): string {
  return `var(--grade-${gradeSlug(grade)})`;
}
