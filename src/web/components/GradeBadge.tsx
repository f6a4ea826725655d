import { gradeSlug } from './grades.ts';

/** A grade letter in its colour; "–" with an explanation when there is no grade. */
export function GradeBadge({ grade, size = 'md' }: { grade: string | null | undefined; size?: 'md' | 'lg' | 'xl' }) {
  const slug = gradeSlug(grade);
  return (
    <span className={`grade grade-${slug} grade-${size}`} title={grade ? `Grade ${grade}` : 'No grade yet'}>
      {grade ? <><span className="visually-hidden">Grade </span>{grade}</> : '–'}
      {!grade && <span className="visually-hidden">no grade</span>}
    </span>
  );
}
