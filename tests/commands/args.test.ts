/** Number options: one rule for what they may hold and one way of saying what is wrong. */
import { COUNT, isProblem, numberOption, SECONDS } from '../../src/app/commands/args.js';

describe('numberOption', () => {
  test('not given: the fallback; given well: the number', () => {
    expect(numberOption('jobs', undefined, COUNT, 4)).toBe(4);
    expect(numberOption('timeout', undefined, SECONDS, undefined)).toBeUndefined();
    expect(numberOption('jobs', '3', COUNT, 4)).toBe(3);
    expect(numberOption('timeout', '2.5', SECONDS, undefined)).toBe(2.5);
    expect(numberOption('top', '0', { whole: true, least: 0 }, 15)).toBe(0);
  });

  test('off: a problem that names the option, what it must be, and what was given', () => {
    expect(numberOption('jobs', '1.5', COUNT, 4)).toEqual({ problem: "--jobs must be a whole number above 0, not '1.5'" });
    expect(numberOption('jobs', '0', COUNT, 4)).toEqual({ problem: "--jobs must be a whole number above 0, not '0'" });
    expect(numberOption('timeout', 'soon', SECONDS, undefined)).toEqual({ problem: "--timeout must be a number of seconds above 0, not 'soon'" });
    expect(numberOption('max-memory', '32', { whole: true, least: 64, unit: 'MB' }, 1024)).toEqual({ problem: "--max-memory must be a whole number of MB, at least 64, not '32'" });
    expect(numberOption('retries', '-1', { whole: true, least: 0 }, undefined)).toEqual({ problem: "--retries must be a whole number, not '-1'" });
    // an empty value is no number, though Number('') is 0
    expect(isProblem(numberOption('top', '', { whole: true, least: 0 }, 15))).toBe(true);
    expect(isProblem(numberOption('timeout', 'Infinity', SECONDS, undefined))).toBe(true);
  });
});
