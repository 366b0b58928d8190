import { UsageError } from './command.js';

/** Parses `--name <integer>`, with a usage error naming the flag. */
export function integerArgument(name: string, value: string): number {
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be an integer, got '${value}'`);
  }
  return Number(value);
}

/** Parses `--name <number>`, with a usage error naming the flag. */
export function numberArgument(name: string, value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) {
    throw new UsageError(`--${name} must be a number, got '${value}'`);
  }
  return parsed;
}

/** Checks that `value` is one of `choices`; `undefined` passes through. */
export function choiceArgument<const T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be ${choices.join(', ')}; got '${value}'`);
  }
  return value as T;
}
