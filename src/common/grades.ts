// Grade letters and their order, shared by server, CLI, badges and the web UI.
// Isomorphic: no Node or DOM imports.

/** Best first. F is what a score below every band gets. */
export const GRADES = ['A+', 'A', 'B', 'C', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];

/** The bands a scorecard uses when it names none: score >= band → that grade, else F. */
export const DEFAULT_GRADE_BANDS: Readonly<Record<Exclude<Grade, 'F'>, number>> = Object.freeze({ 'A+': 97, A: 90, B: 80, C: 70, D: 60 });

export type GradeBands = Record<Exclude<Grade, 'F'>, number>;

export function isGrade(v: unknown): v is Grade {
  return typeof v === 'string' && (GRADES as readonly string[]).includes(v);
}

/** Sort comparator: negative when `a` is the better grade, so `grades.sort(compareGrades)` puts A+ first. */
export function compareGrades(a: Grade, b: Grade): number {
  return GRADES.indexOf(a) - GRADES.indexOf(b);
}

/** The worse of two grades. */
export function worseGrade(a: Grade, b: Grade): Grade {
  return compareGrades(a, b) >= 0 ? a : b;
}

/** The grade one step better, or null for A+. */
export function gradeAbove(g: Grade): Grade | null {
  const i = GRADES.indexOf(g);
  return i > 0 ? GRADES[i - 1] : null;
}

/** The highest band the score reaches; F below every band. */
export function gradeForScore(score: number, bands: GradeBands): Grade {
  for (const g of GRADES) {
    if (g === 'F') return 'F';
    if (score >= bands[g]) return g;
  }
  return 'F';
}

/** Badge colours (hex, shields.io-like): A+/A greens, B yellow-green, C yellow, D orange, F red, no grade grey. */
export function gradeColor(grade: Grade | null | undefined): string {
  switch (grade) {
    case 'A+':
      return '#2e7d32';
    case 'A':
      return '#4caf50';
    case 'B':
      return '#a4c639';
    case 'C':
      return '#dfb317';
    case 'D':
      return '#fe7d37';
    case 'F':
      return '#e05d44';
    default:
      return '#9f9f9f';
  }
}
