/** What every command does with its words: parse them, answer --help, and refuse bad usage with exit code 2. */
import { NianbaoError } from '../../core/errors.js';

export interface CommandInfo {
  name: string;
  help: string;
}

/** A usage error: the message and the command's help on stderr; exit code 2. */
export function usage(cmd: CommandInfo, message: string): number {
  process.stderr.write(`nianbao ${cmd.name}: ${message}\n\n${cmd.help}\n`);
  return 2;
}

/**
 * Run the command's `parseArgs` call (its options include `help`): the parsed
 * words, or the exit code to return when --help was asked (0) or the words
 * are off (2).
 */
export function parseCommandArgs<T extends { values: { help?: boolean } }>(cmd: CommandInfo, parse: () => T): T | number {
  let parsed: T;
  try {
    parsed = parse();
  } catch (err) {
    return usage(cmd, (err as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(cmd.help + '\n');
    return 0;
  }
  return parsed;
}

/** A NianbaoError as the command's one line on stderr (exit code 1); anything else is a bug and goes on up. */
export function failure(cmd: CommandInfo, err: unknown): number {
  if (!(err instanceof NianbaoError)) throw err;
  process.stderr.write(`nianbao ${cmd.name}: ${err.describe()}\n`);
  return 1;
}

/** What a number option may hold, as its usage message says it. */
export interface NumberKind {
  whole: boolean;
  /** The least value allowed; without it, anything above 0. */
  least?: number;
  /** Said after the number: `seconds`, `MB`. */
  unit?: string;
}

/** A time limit or delay: any number of seconds above 0. */
export const SECONDS: NumberKind = { whole: false, unit: 'seconds' };
/** How many: a whole number above 0. */
export const COUNT: NumberKind = { whole: true };

/**
 * A number option: `fallback` when it was not given, its value when it is a
 * number of its kind, else the usage problem, which names the option and
 * says what it must be (`--jobs must be a whole number above 0, not 'x'`).
 */
export function numberOption<F>(name: string, given: string | undefined, kind: NumberKind, fallback: F): number | F | { problem: string } {
  if (given === undefined) return fallback;
  const n = Number(given);
  const least = kind.least ?? 0;
  if (given.trim() !== '' && Number.isFinite(n) && (kind.least === undefined ? n > 0 : n >= least) && (!kind.whole || Number.isInteger(n))) return n;
  const what = `${kind.whole ? 'a whole number' : 'a number'}${kind.unit ? ` of ${kind.unit}` : ''}`;
  return { problem: `--${name} must be ${what}${kind.least === undefined ? ' above 0' : least === 0 ? '' : `, at least ${least}`}, not '${given}'` };
}

/** Whether a numberOption came back as a usage problem. */
export const isProblem = (x: unknown): x is { problem: string } => typeof x === 'object' && x !== null && 'problem' in x;
