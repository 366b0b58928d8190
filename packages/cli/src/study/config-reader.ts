import { StudyConfigError } from './study-config-error.js';

/** A value as the error messages show it: JSON, shortened. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Reads one object of a parsed config (YAML or JSON) field by field, each read checking the type
 * and naming the field's full path when it is wrong. `finish()` rejects fields nobody read, so a
 * misspelt option (`batchsize`) is an error rather than silently ignored.
 */
export class ConfigReader {
  private readonly seen = new Set<string>();
  private readonly record: Readonly<Record<string, unknown>>;

  constructor(
    value: unknown,
    readonly path: string,
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new StudyConfigError(path, `expected an object, got ${describeValue(value)}`);
    }
    this.record = value as Record<string, unknown>;
  }

  /** The full path of a field of this object. */
  pathOf(key: string | number): string {
    return joinPath(this.path, key);
  }

  /** Every field name present in the object. */
  keys(): string[] {
    return Object.keys(this.record);
  }

  has(key: string): boolean {
    return this.record[key] !== undefined && this.record[key] !== null;
  }

  raw(key: string): unknown {
    this.seen.add(key);
    const value = this.record[key];
    return value === null ? undefined : value;
  }

  fail(key: string, problem: string): never {
    throw new StudyConfigError(this.pathOf(key), problem);
  }

  /** A nested object; `undefined` when absent and not required. */
  object(key: string): ConfigReader | undefined {
    const value = this.raw(key);
    return value === undefined ? undefined : new ConfigReader(value, this.pathOf(key));
  }

  requiredObject(key: string): ConfigReader {
    const value = this.raw(key);
    if (value === undefined) this.fail(key, 'is required (expected an object)');
    return new ConfigReader(value, this.pathOf(key));
  }

  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(key, `expected a non-empty string, got ${describeValue(value)}`);
    }
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) this.fail(key, 'is required (expected a non-empty string)');
    return value;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(key: string, choices: readonly T[]): T | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      this.fail(key, `expected one of ${choices.join(', ')}, got ${describeValue(value)}`);
    }
    return value as T;
  }

  requiredChoice<T extends string>(key: string, choices: readonly T[]): T {
    const value = this.choice(key, choices);
    if (value === undefined) this.fail(key, `is required (expected one of ${choices.join(', ')})`);
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, got ${describeValue(value)}`);
    return value;
  }

  /** An integer ≥ `minimum` (default 1: "a positive integer"). */
  integer(key: string, minimum = 1): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    return checkInteger(value, this.pathOf(key), minimum);
  }

  requiredInteger(key: string, minimum = 1): number {
    const value = this.integer(key, minimum);
    if (value === undefined) this.fail(key, `is required (expected ${integerKind(minimum)})`);
    return value;
  }

  /** A finite number, optionally bounded (`exclusiveMinimum` for "positive"). */
  number(
    key: string,
    bounds: { readonly minimum?: number; readonly exclusiveMinimum?: number; readonly maximum?: number } = {},
  ): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const expected = numberKind(bounds);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(key, `expected ${expected}, got ${describeValue(value)}`);
    }
    const { minimum, exclusiveMinimum, maximum } = bounds;
    if (
      (minimum !== undefined && value < minimum) ||
      (exclusiveMinimum !== undefined && value <= exclusiveMinimum) ||
      (maximum !== undefined && value > maximum)
    ) {
      this.fail(key, `expected ${expected}, got ${describeValue(value)}`);
    }
    return value;
  }

  /** A list of integers ≥ `minimum`, at least one. */
  integerList(key: string, minimum = 1): number[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(key, `expected a non-empty list of ${integerKind(minimum)}s, got ${describeValue(value)}`);
    }
    return value.map((item, index) => checkInteger(item, joinPath(this.pathOf(key), index), minimum));
  }

  /** A list of non-empty strings, at least one. */
  stringList(key: string): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(key, `expected a non-empty list of strings, got ${describeValue(value)}`);
    }
    return value.map((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') {
        throw new StudyConfigError(
          joinPath(this.pathOf(key), index),
          `expected a non-empty string, got ${describeValue(item)}`,
        );
      }
      return item;
    });
  }

  /** A list of objects, each read by `read`. */
  objectList<T>(key: string, read: (reader: ConfigReader) => T): T[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(key, `expected a non-empty list, got ${describeValue(value)}`);
    }
    return value.map((item, index) => {
      const reader = new ConfigReader(item, joinPath(this.pathOf(key), index));
      const result = read(reader);
      reader.finish();
      return result;
    });
  }

  /** Throws for the first field that was never read (a misspelling or an option of another kind). */
  finish(): void {
    for (const key of Object.keys(this.record)) {
      if (!this.seen.has(key)) {
        const known = [...this.seen].sort().join(', ');
        throw new StudyConfigError(
          this.pathOf(key),
          `is not a known field here${known === '' ? '' : ` (known: ${known})`}`,
        );
      }
    }
  }
}

function integerKind(minimum: number): string {
  if (minimum === 1) return 'a positive integer';
  if (minimum === 0) return 'a non-negative integer';
  return `an integer ≥ ${minimum}`;
}

function numberKind(bounds: {
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maximum?: number;
}): string {
  const { minimum, exclusiveMinimum, maximum } = bounds;
  if (exclusiveMinimum === 0 && maximum === undefined) return 'a positive number';
  if (minimum === 0 && maximum === undefined) return 'a number ≥ 0';
  const low =
    exclusiveMinimum !== undefined ? `(${exclusiveMinimum}` : minimum !== undefined ? `[${minimum}` : '';
  const high = maximum !== undefined ? `${maximum}]` : '';
  if (low === '' && high === '') return 'a finite number';
  return `a number in ${low === '' ? '(-∞' : low}, ${high === '' ? '∞)' : high}`;
}

function checkInteger(value: unknown, path: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new StudyConfigError(path, `expected ${integerKind(minimum)}, got ${describeValue(value)}`);
  }
  return value;
}
