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

/** A number option's value above 0 (whole when `integer`), or null when it is not one. */
export function positiveNumber(s: string, integer: boolean): number | null {
  const n = Number(s);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) return null;
  return n;
}
