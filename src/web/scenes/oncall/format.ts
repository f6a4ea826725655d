// Small helpers of the on-call pages: times in the reader's zone, names without the ref prefix.
export const shortUser = (ref: string) => ref.replace(/^user:default\//, '');
export const shortRef = (ref: string) => ref.replace(/^[a-z]+:default\//, '');
export const at = (iso: string) => new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
export const STATUS_LABEL: Record<string, string> = { triggered: 'Triggered', acknowledged: 'Acknowledged', resolved: 'Resolved' };
/** A stable hue per person, so a calendar shows who is who at a glance. */
export function hue(ref: string): number {
  let h = 0;
  for (const c of ref) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}
