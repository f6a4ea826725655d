// Time is a dependency: grades, windows and history depend on it, and tests must control it.
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
export const iso = (d: Date): string => d.toISOString();
