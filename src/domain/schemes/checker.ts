// Reads an untyped JSON value field by field and collects every problem with its path in the file
// ("indicators[3].upperThreshold: expected a number greater than lowerThreshold (40), found 30"), so
// an analyst sees all mistakes at once rather than one per attempt.

export interface SchemeProblem {
  /** Where in the file: `indicators[3].upperThreshold`; empty for the whole document. */
  path: string;
  message: string;
}

export function describeProblem(problem: SchemeProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

export type JsonObject = Record<string, unknown>;

export interface NumberRule {
  min?: number;
  max?: number;
  /** Must be strictly above this. */
  above?: number;
  integer?: boolean;
}

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

export function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 37)}...` : value}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export class Checker {
  readonly problems: SchemeProblem[] = [];

  problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  object(value: unknown, path: string): JsonObject | null {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, `expected an object, found ${found(value)}`);
      return null;
    }
    return value as JsonObject;
  }

  /** Flags keys that no rule reads: a misspelt `upperTreshold` must not be silently ignored. */
  onlyKeys(object: JsonObject, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) {
        this.problem(at(path, key), `unknown field (expected one of ${allowed.join(', ')})`);
      }
    }
  }

  text(
    object: JsonObject,
    key: string,
    path: string,
    pattern?: { test: RegExp; says: string },
  ): string | null {
    const value = object[key];
    const where = at(path, key);
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(where, `expected ${pattern?.says ?? 'a non-empty text'}, found ${found(value)}`);
      return null;
    }
    if (pattern && !pattern.test.test(value)) {
      this.problem(where, `expected ${pattern.says}, found ${found(value)}`);
      return null;
    }
    return value;
  }

  optionalText(object: JsonObject, key: string, path: string): string | null {
    const value = object[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      this.problem(at(path, key), `expected a text or null, found ${found(value)}`);
      return null;
    }
    return value;
  }

  number(
    object: JsonObject,
    key: string,
    path: string,
    rule: NumberRule = {},
    words?: string,
  ): number | null {
    return this.numberValue(object[key], at(path, key), rule, words);
  }

  optionalNumber(
    object: JsonObject,
    key: string,
    path: string,
    rule: NumberRule = {},
    words?: string,
  ): number | null {
    const value = object[key];
    if (value === undefined || value === null) return null;
    return this.numberValue(value, at(path, key), rule, words);
  }

  numberValue(value: unknown, path: string, rule: NumberRule, words?: string): number | null {
    const expected = words ?? numberWords(rule);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problem(path, `expected ${expected}, found ${found(value)}`);
      return null;
    }
    const bad =
      (rule.integer && !Number.isInteger(value)) ||
      (rule.min !== undefined && value < rule.min) ||
      (rule.max !== undefined && value > rule.max) ||
      (rule.above !== undefined && value <= rule.above);
    if (bad) {
      this.problem(path, `expected ${expected}, found ${found(value)}`);
      return null;
    }
    return value;
  }

  oneOf<T extends string>(object: JsonObject, key: string, path: string, options: readonly T[]): T | null {
    const value = object[key];
    if (typeof value !== 'string' || !options.includes(value as T)) {
      this.problem(
        at(path, key),
        `expected one of ${options.map((o) => `"${o}"`).join(', ')}, found ${found(value)}`,
      );
      return null;
    }
    return value as T;
  }

  list(object: JsonObject, key: string, path: string, options: { minItems?: number } = {}): unknown[] | null {
    const value = object[key];
    const where = at(path, key);
    if (!Array.isArray(value)) {
      this.problem(where, `expected a list, found ${found(value)}`);
      return null;
    }
    if (options.minItems !== undefined && value.length < options.minItems) {
      this.problem(
        where,
        `expected at least ${options.minItems} item${options.minItems === 1 ? '' : 's'}, found ${value.length}`,
      );
      return null;
    }
    return value;
  }

  /** Codes must be unique within a list: the statement has one line per code. */
  uniqueCodes(items: readonly { code: string }[], path: string): void {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const first = seen.get(item.code);
      if (first !== undefined) {
        this.problem(at(at(path, index), 'code'), `"${item.code}" is already used by ${path}[${first}]`);
      } else seen.set(item.code, index);
    });
  }
}

function numberWords(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const parts: string[] = [];
  if (rule.above !== undefined) parts.push(`above ${rule.above}`);
  if (rule.min !== undefined && rule.max !== undefined) parts.push(`from ${rule.min} to ${rule.max}`);
  else if (rule.min !== undefined) parts.push(`of at least ${rule.min}`);
  else if (rule.max !== undefined) parts.push(`of at most ${rule.max}`);
  return parts.length === 0 ? kind : `${kind} ${parts.join(' and ')}`;
}
