/**
 * Strict flag parsing: every command declares its flags; anything else is an error (exit 2), so a
 * typo never silently falls back to a default.
 */
import { UsageError } from '../../../src/cli/usage.ts';

export interface FlagSpec {
  values: readonly string[];
  booleans?: readonly string[];
  repeatable?: readonly string[];
  required?: readonly string[];
}

export class Args {
  constructor(
    readonly command: string,
    private readonly values: Map<string, string[]>,
    private readonly bools: Set<string>,
  ) {}

  has(name: string): boolean {
    return this.bools.has(name) || this.values.has(name);
  }

  str(name: string): string | undefined {
    const v = this.values.get(name);
    return v ? v[v.length - 1] : undefined;
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  /** A number flag; `integer` and `min` are checked. */
  num(name: string, opts: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
    const s = this.str(name);
    if (s === undefined) return undefined;
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${s}"`);
    if (opts.integer && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got "${s}"`);
    if (opts.min !== undefined && v < opts.min) throw new UsageError(`--${name} must be at least ${opts.min}, got ${s}`);
    if (opts.max !== undefined && v > opts.max) throw new UsageError(`--${name} must be at most ${opts.max}, got ${s}`);
    return v;
  }
}

/** Parse `--name value`, `--name=value` and boolean `--name` against `spec`. */
export function parseArgs(command: string, argv: string[], spec: FlagSpec): Args {
  const values = new Map<string, string[]>();
  const bools = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}" for ${command}`);
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (spec.booleans?.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      bools.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new UsageError(`unknown option --${name} for ${command}`);
    let v: string | undefined;
    if (eq >= 0) v = a.slice(eq + 1);
    else {
      v = argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable?.includes(name)) throw new UsageError(`--${name} given more than once`);
    list.push(v);
    values.set(name, list);
  }
  for (const r of spec.required ?? []) if (!values.has(r)) throw new UsageError(`${command} needs --${r}`);
  return new Args(command, values, bools);
}
