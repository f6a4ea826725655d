import { InvalidArgumentError } from 'commander';

export function intOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, got "${value}"`);
    return n;
  };
}

export function formatOption(allowed: string[]) {
  return (value: string): string => {
    if (!allowed.includes(value)) throw new InvalidArgumentError(`--format must be one of ${allowed.join(', ')}`);
    return value;
  };
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
