// Small formatters of the alerts page.
export function duration(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400 * 2) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86_400) * 10) / 10} d`;
}

export function since(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 'unknown' : duration(Math.max(0, (now - t) / 1000));
}

export const userName = (ref: string) => ref.replace(/^user:(default\/)?/, '');
