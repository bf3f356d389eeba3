import { CliError } from './types';

export interface ArgSpec {
  /** Flags that take a value, without the leading dashes. */
  values?: string[];
  /** Flags that may be given several times; their values are collected in order. */
  repeatable?: string[];
  /** Flags without a value. */
  booleans?: string[];
}

export interface ParsedArgs {
  flags: Map<string, string[]>;
  booleans: Set<string>;
  positionals: string[];
}

/** A small, strict parser: unknown flags and missing values are usage errors, `--flag=value` and `--flag value` both work. */
export function parseArgs(args: string[], spec: ArgSpec): ParsedArgs {
  const values = new Set([...(spec.values ?? []), ...(spec.repeatable ?? [])]);
  const repeatable = new Set(spec.repeatable ?? []);
  const booleans = new Set(spec.booleans ?? []);
  const parsed: ParsedArgs = { flags: new Map(), booleans: new Set(), positionals: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (booleans.has(name)) {
      if (eq !== -1) throw new CliError(`--${name} takes no value`);
      parsed.booleans.add(name);
      continue;
    }
    if (!values.has(name)) throw new CliError(`unknown option --${name}`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) value = args[++i];
    if (value === undefined) throw new CliError(`--${name} needs a value`);
    const list = parsed.flags.get(name) ?? [];
    if (list.length > 0 && !repeatable.has(name)) throw new CliError(`--${name} given more than once`);
    list.push(value);
    parsed.flags.set(name, list);
  }
  return parsed;
}

/** The single value of a flag, or undefined. */
export function flag(parsed: ParsedArgs, name: string): string | undefined {
  return parsed.flags.get(name)?.[0];
}

/** A flag restricted to a set of choices, with a default. */
export function choice<T extends string>(parsed: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const value = flag(parsed, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new CliError(`--${name} must be one of ${choices.join(', ')} (got "${value}")`);
  }
  return value as T;
}
